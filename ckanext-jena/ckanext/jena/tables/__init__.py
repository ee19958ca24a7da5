"""Tables: CKAN's DataStore on our PostgreSQL, loaded by our own German-aware loader.

* ``write_guard``  who may change a table through the DataStore API (chained auth);
* ``parsing``      CSV/XLSX files (German first) to typed rows, no CKAN import;
* ``staging``      a staging table filled with COPY and swapped in at once;
* ``loader``       the background job and the hook that queues it; ``status`` its state per resource.
"""
