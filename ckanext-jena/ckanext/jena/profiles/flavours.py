"""The two flavours of our DCAT-AP.de output: 3.0 (default) and 2.0 (what GovData's parser reads).

The profile writes DCAT-AP.de 3.0. Two properties cannot be written so that both the 3.0 and
the 2.0 shapes accept them (checked against the installed shapes):

- ``dcat:byteSize``: 3.0 wants ``xsd:nonNegativeInteger``, 2.0 (DCAT-AP 2.1.1) ``xsd:decimal``.
- ``locn:geometry``: 3.0 wants a node (``locn:Geometry``), 2.0 a literal (at most one). The
  parser GovData runs (ckanext-dcat's ``_parse_geodata``) reads only a literal, with the GeoJSON
  media-type datatype or a ``gsp:wktLiteral``; a node would make it fail (``.datatype`` of a
  blank node). The 3.0 flavour therefore writes no ``locn:geometry`` at all: the exact geometry
  as GeoSPARQL node (``gsp:hasGeometry``), the extent as ``dcat:bbox`` and ``dcat:centroid``
  (WKT literals, allowed and read by both generations).

:func:`as_dcat_ap_de_2` derives the 2.0 flavour from the 3.0 graph (a copy, cheap compared with
building the graph), so both flavours come from one profile run.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef

from .namespaces import DCAT, DCT, GEOJSON_IMT, GSP, LOCN, RDF, XSD

__all__ = ["DEFAULT_FLAVOUR", "FLAVOURS", "GOVDATA_FLAVOUR", "as_dcat_ap_de_2", "flavour_of_version"]

DEFAULT_FLAVOUR = "dcat_ap_de"  # DCAT-AP.de 3.0
GOVDATA_FLAVOUR = "dcat_ap_de_2"  # DCAT-AP.de 2.0, what GovData's harvester (DCAT-AP 2 generation) reads
FLAVOURS = (DEFAULT_FLAVOUR, GOVDATA_FLAVOUR)


def flavour_of_version(version: str) -> str:
    """The flavour whose output a shape set checks ("2.0" → 2.0 flavour; "3.0", "hvd" → 3.0)."""
    return GOVDATA_FLAVOUR if version == "2.0" else DEFAULT_FLAVOUR


def as_dcat_ap_de_2(graph: Graph) -> Graph:
    """A copy of a DCAT-AP.de 3.0 dataset graph in the 2.0 flavour (``graph`` is not changed)."""
    out = Graph()
    for triple in graph:
        out.add(triple)
    for subject, _predicate, size in list(out.triples((None, DCAT.byteSize, None))):
        out.remove((subject, DCAT.byteSize, size))
        try:
            value = Decimal(str(size))
        except InvalidOperation:
            continue
        out.add((subject, DCAT.byteSize, Literal(str(value), datatype=XSD.decimal)))
    for location in set(out.subjects(RDF.type, DCT.Location)):
        if (location, LOCN.geometry, None) in out:
            continue
        for shape in out.objects(location, GSP.hasGeometry):
            geojson = next(iter(out.objects(shape, GSP.asGeoJSON)), None)
            if geojson is not None:
                # One literal only (2.0: at most one locn:geometry), GeoJSON as ckanext-dcat writes it.
                out.add((location, LOCN.geometry, Literal(str(geojson), datatype=URIRef(GEOJSON_IMT))))
                break
    return out
