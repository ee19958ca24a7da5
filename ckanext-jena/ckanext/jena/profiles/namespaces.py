"""RDF namespaces of DCAT-AP.de that ckanext-dcat does not define (its own ones are re-exported)."""

from __future__ import annotations

from ckanext.dcat.profiles import (
    ADMS,
    DCAT,
    DCATAP,
    DCT,
    FOAF,
    GEOJSON_IMT,
    GSP,
    LOCN,
    OWL,
    RDF,
    RDFS,
    SKOS,
    SPDX,
    VCARD,
    XSD,
)
from rdflib import Namespace

__all__ = [
    "ADMS",
    "DCAT",
    "DCATAP",
    "DCATDE",
    "DCT",
    "DQV",
    "ELI",
    "FOAF",
    "GEOCODING",
    "GEODCATAP",
    "GEOJSON_IMT",
    "GSP",
    "HYDRA",
    "LOCN",
    "OA",
    "OWL",
    "PREFIXES",
    "RDF",
    "RDFS",
    "SKOS",
    "SPDX",
    "VCARD",
    "XSD",
]

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
GEODCATAP = Namespace("http://data.europa.eu/930/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
# Data Quality Vocabulary and Web Annotation: the data-ethics review as quality annotation.
DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"

# Prefixes every serialization of ours declares (Turtle, RDF/XML); order is the output order.
PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcat": str(DCAT),
    "dct": str(DCT),
    "dcatap": str(DCATAP),
    "dcatde": str(DCATDE),
    "geodcatap": str(GEODCATAP),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "locn": str(LOCN),
    "gsp": str(GSP),
    "skos": str(SKOS),
    "adms": str(ADMS),
    "spdx": str(SPDX),
    "owl": str(OWL),
    "eli": str(ELI),
    "hydra": str(HYDRA),
    "dqv": str(DQV),
    "oa": str(OA),
}
