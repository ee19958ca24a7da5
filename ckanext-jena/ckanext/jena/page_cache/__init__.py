"""Anonymous page cache: the same answer for every visitor without credentials, kept in Redis.

* ``middleware`` serves and stores answers outside Flask (a hit costs two Redis reads);
* ``marking`` decides inside the application which answers may be stored (anonymous visitor,
  no session written, not a download, not the DataStore);
* ``generation`` is the counter in every key: every write committed to CKAN's database bumps
  it, so a release, an edit or a withdrawal is visible on the next request;
* ``entries`` encodes an answer with its Content-Security-Policy nonce replaced by a
  placeholder: every answer served gets a nonce of its own.
"""
