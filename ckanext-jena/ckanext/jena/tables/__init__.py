"""Tables: CKAN's DataStore on our PostgreSQL.

* ``write_guard``  who may change a table through the DataStore API (chained auth).
"""
