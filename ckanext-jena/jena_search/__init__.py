"""Embedded search service speaking the part of Solr's HTTP API that CKAN 2.12 uses.

Built on Tantivy (index, scoring) and luqum (Lucene query syntax). This package must not
import CKAN: it runs as its own process (``jena-search``) that owns the index writer.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "1.0.0"
