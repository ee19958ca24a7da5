"""Degrade, don't fail: what users get while the database or the search service is down.

``state`` notes, per request, which backing service failed; ``database`` and ``search``
turn that into answers (JSON 503 for the API, a German page with 503 for people);
``views`` wires both into the Flask app. Redis needs nothing here: pages and the API do
not depend on it, and the job worker and harvest consumers are restarted or reconnect.
"""
