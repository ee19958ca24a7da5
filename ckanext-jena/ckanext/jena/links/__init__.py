"""The link checker (issue 16, part 3): is every released resource still there?

* :mod:`targets` — which URL of which resource of a *released* dataset is checked (a map
  service's GetCapabilities request, the portal's own uploads from storage);
* :mod:`checker` — the polite HTTP side (``safe_fetch.probe``: address policy, redirects
  re-checked, HEAD then the first byte), at most N parallel requests per host, back-off;
* :mod:`store` — the history in ``jena_link_check`` and the rule "defekt": two failed checks
  in a row at least ``ckanext.jena.links.broken_after_hours`` apart;
* :mod:`job` — one run (CLI ``ckan jena links check``, the scheduled job of the worker).

Why not ckanext-check-link (PyPI, 0.4.0): its checker (the ``check-link`` library) fetches with a
plain httpx client that follows redirects itself, so neither our address policy nor the
re-check of each redirect target can be applied; it sends all links at once
(``asyncio.gather``) with no per-host limit or back-off; its ``check_link_report`` table keeps
only the latest result per resource (``resource_id`` unique), so "two failures 24 h apart"
cannot be told; and it needs two further plugins (ckanext-collection, ckanext-toolbelt).
"""
