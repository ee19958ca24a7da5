"""``package_search``: a query the search service refuses is the user's mistake.

CKAN turns every error answer of Solr into a ``SearchError`` whose message repeats the whole
Solr query, permission filters included: the API answered 409 "Search error: SOLR returned an
error running query: {...}" and the dataset search page logged it at ERROR. When the search
service refused the query as bad or too big (HTTP 400 or 413), this action raises CKAN's
``SearchQueryError`` with a short translated message instead: the API answers 400
("Search Query Error"), the search page 400 with "Ungültige Suchanfrage: …", nothing is logged
at ERROR, and the query is not echoed.

When the search service cannot be reached, CKAN raises ``SolrConnectionError``, which its home
page and search views do not catch (500); this action raises ``SearchUnavailable`` (a
``SearchError``) instead, so they render without results and the outage hooks add the message
and the 503 (``ckanext.jena.outage``). Other search errors pass through unchanged.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import ckan.plugins.toolkit as tk
import pysolr
from ckan.lib.search.common import SearchError, SearchQueryError, SolrConnectionError
from ckan.types import Action, Context, DataDict

from ckanext.jena.outage import search as search_outage

__all__ = ["package_search"]

log = logging.getLogger(__name__)

_REFUSED = re.compile(r"\(HTTP (400|413)\)")
_QUOTED = re.compile(r"'[^']*'")
_TOO_BIG = ("too long", "too many", "too deeply", "too complex", "too large", "exceeds the limit")


@tk.chained_action
@tk.side_effect_free
def package_search(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    try:
        return up_func(context, data_dict)
    except SearchQueryError:
        raise
    except SolrConnectionError as error:
        raise search_outage.unavailable(error) from error
    except SearchError as error:
        reason = refused_reason(error)
        if reason is None:
            raise
        log.info("search query refused by the search service: %s", reason[:300])
        raise SearchQueryError(user_message(reason)) from None


def refused_reason(error: BaseException) -> str | None:
    """The search service's message if ``error`` comes from a 400/413 answer, else None."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, pysolr.SolrError):
            text = str(cause)
            return text if _REFUSED.search(text) else None
        cause = cause.__cause__ or cause.__context__
    return None


def user_message(reason: str) -> str:
    """A short message in the request's language, without the query."""
    lowered = _QUOTED.sub("", reason).lower()  # quoted parts are the user's own words
    if "sort" in lowered:
        return tk._("Die Sortierung der Suchanfrage ist ungültig.")
    if any(marker in lowered for marker in _TOO_BIG):
        return tk._("Die Suchanfrage ist zu lang oder zu komplex. Bitte verwenden Sie weniger Suchbegriffe.")
    return tk._(
        'Die Suchanfrage enthält einen Syntaxfehler. Bitte prüfen Sie Sonderzeichen wie : ^ ~ " ( ) [ ] '
        "oder lassen Sie sie weg."
    )
