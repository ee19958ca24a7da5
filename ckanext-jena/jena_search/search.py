"""``/select``: plan the request, rank and count, count facets, render Solr's JSON response."""

from __future__ import annotations

import fnmatch
import json
import logging
import time
from concurrent.futures import wait
from typing import Any

import tantivy

from jena_search import facets, ranking
from jena_search.engine import Engine
from jena_search.errors import SolrError, bad_request, snippet
from jena_search.layout import SRC
from jena_search.params import Params
from jena_search.plan import Plan, build

__all__ = ["Params", "select"]

log = logging.getLogger("jena_search.search")


def select(engine: Engine, params: Params) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        plan = build(engine.layout, engine.index, params)
    except SolrError:
        raise
    except Exception as exc:
        # Reading parameters only fails on the request's content: a 400 even where a check
        # is missing, logged as a warning so the missing check can be added.
        log.warning(
            "unreadable /select parameters (%s: %s)",
            type(exc).__name__,
            snippet(str(exc), 200),
            exc_info=True,
            extra={"event": "bad_request_unchecked"},
        )
        raise bad_request(f"invalid query parameters ({type(exc).__name__})") from exc
    searcher, generation = engine.view()
    _drop_filters_matching_all(engine, searcher, generation, plan)
    query = plan.query()
    for fr in plan.franges:
        query = ranking.apply_frange(engine, searcher, query, fr)
    # Facets need their own pass over the matches; it runs next to the ranking pass.
    facet_job = (
        engine.submit(facets.count, searcher, query, plan.facet_fields) if plan.facet_fields is not None else None
    )
    try:
        count, hits = ranking.page(engine, searcher, plan, query, generation)
        docs = _documents(searcher, plan, hits)  # while the facets are still being counted
    finally:
        if facet_job is not None:
            wait([facet_job])
    facet_fields = facet_job.result() if facet_job is not None else None
    response: dict[str, Any] = {
        "responseHeader": {"status": 0, "QTime": 0, "params": params.echo()},
        "response": {"numFound": count, "start": plan.start, "numFoundExact": True, "docs": docs},
    }
    if plan.want_score:
        response["response"]["maxScore"] = max((d.get("score", 0.0) for d in docs), default=0.0)
    if facet_fields is not None:
        response["facet_counts"] = facets.response(facet_fields)
    response["responseHeader"]["QTime"] = int((time.perf_counter() - started) * 1000)
    return response


def _documents(searcher: tantivy.Searcher, plan: Plan, hits: list[ranking.Hit]) -> list[dict[str, Any]]:
    """The page's stored documents, projected on ``fl``."""
    docs = []
    for addr, score in hits[plan.start :]:
        src = json.loads(searcher.doc(addr)[SRC][0])
        doc = _project(src, plan.patterns, plan.everything)
        if plan.want_score:
            doc["score"] = score if score is not None else 1.0
        docs.append(doc)
    return docs


def _drop_filters_matching_all(engine: Engine, searcher: tantivy.Searcher, generation: int, plan: Plan) -> None:
    """Leave out cached filters that match every document: they change neither matches nor scores."""
    cache = engine.filter_cache
    kept = [
        (query, key)
        for query, key in zip(plan.filters, plan.filter_keys, strict=True)
        if key is None or not cache.matches_all(searcher, generation, key, query)
    ]
    if len(kept) < len(plan.filters):
        plan.filters = [q for q, _ in kept]
        plan.filter_keys = [k for _, k in kept]


def _project(src: dict[str, Any], patterns: list[str], everything: bool) -> dict[str, Any]:
    if everything:
        return src
    out = {}
    for pat in patterns:
        if "*" in pat or "?" in pat:
            for key, value in src.items():
                if fnmatch.fnmatchcase(key, pat):
                    out[key] = value
        elif pat in src:
            out[pat] = src[pat]
    return out
