"""Usage counts of released datasets (issue 16, part 5), privacy-friendly and our own.

* :mod:`.counting` (on the request path): a page view of a released dataset or resource page,
  or a download (the resource's download route, which serves uploads and redirects to linked
  files), adds one to a counter in Redis — nothing else. Crawlers (by user agent), the dataset
  department's own signed-in staff and unreleased datasets are not counted. No address, cookie
  or account is stored anywhere.
* :mod:`.store`: the recurring flush moves the counters into ``jena_usage_daily`` (one row per
  day, dataset and resource) and answers the questions of the pages (last 30 days).
* :mod:`.index`: the recent count in the search index (``views_recent``: sort "Meistgenutzt"),
  refreshed daily for the datasets whose count changed.
"""
