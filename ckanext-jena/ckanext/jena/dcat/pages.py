"""Assemble catalog pages and dataset documents from cached fragments."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ckanext.jena.profiles.flavours import DEFAULT_FLAVOUR
from ckanext.jena.profiles.namespaces import DCAT, DCT, HYDRA

from .catalog import Cursor, Page, PageItem
from .graph import catalog_graph
from .serializer import fragments
from .writers import document, fragment

__all__ = ["catalog_document", "dataset_document"]

PageUrl = Callable[[Cursor | None], str]


def _catalog_header(page: Page, uris: list[str], fmt: str) -> str:
    catalog_dict = {"modified": page.catalog_modified.isoformat()} if page.catalog_modified else {}
    graph, catalog_ref = catalog_graph(catalog_dict)
    if not page.is_first:
        # The catalog date changes with every edit; only the first page carries it, so the
        # other pages keep their ETag while nothing in them changes.
        graph.remove((catalog_ref, DCT.modified, None))
    for uri in uris:
        graph.add((catalog_ref, DCAT.dataset, URIRef(uri)))
    return fragment(graph, catalog_ref, fmt, "c")


def _hydra(page: Page, page_url: PageUrl, fmt: str) -> str:
    graph = Graph()
    current = URIRef(page_url(page.after))
    graph.add((current, RDF.type, HYDRA.PartialCollectionView))
    graph.add((current, RDF.type, HYDRA.PagedCollection))
    links = {"first": page_url(None), "next": page_url(page.next) if page.next else None}
    for name, url in links.items():
        if url:
            graph.add((current, HYDRA[name], URIRef(url)))
            # hydra:firstPage/nextPage are deprecated, but older harvesters only know them.
            graph.add((current, HYDRA[name + "Page"], URIRef(url)))
    graph.add((current, HYDRA.itemsPerPage, Literal(page.per_page, datatype=XSD.integer)))
    if page.total is not None:
        graph.add((current, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    return fragment(graph, current, fmt, "h")


def catalog_document(page: Page, fmt: str, page_url: PageUrl, flavour: str = DEFAULT_FLAVOUR) -> str:
    """A complete catalog page: catalog node, Hydra paging node, the page's datasets."""
    found = fragments({item.id: item.stamp for item in page.items}, fmt, flavour=flavour)
    ordered = [found[item.id] for item in page.items if item.id in found]
    header = _catalog_header(page, [item.uri for item in ordered], fmt)
    return "".join(document(fmt, [header, _hydra(page, page_url, fmt), *(item.text for item in ordered)]))


def dataset_document(item: PageItem, fmt: str, flavour: str = DEFAULT_FLAVOUR) -> str | None:
    """One released dataset as a complete document; ``None`` if the index does not release it."""
    found = fragments({item.id: item.stamp}, fmt, flavour=flavour)
    if item.id not in found:
        return None
    return "".join(document(fmt, [found[item.id].text]))
