"""Plain-language texts (German first, English) for SHACL results, for data managers.

A SHACL result names a node, a property path and a constraint ("dcterms:license MUSS
MINDESTENS einmal vorkommen"). Data managers think in form fields: "Distribution
„Baustellen (CSV)“: Die Lizenz fehlt." This module makes the second out of the first; the
official message stays attached as technical detail.
"""

from __future__ import annotations

from typing import Any

from ckanext.jena.profiles.namespaces import PREFIXES

__all__ = ["FIELD_LABELS", "NODE_LABELS", "field_label", "plain_message", "short_iri"]

_D = "http://purl.org/dc/terms/"
_DCAT = "http://www.w3.org/ns/dcat#"
_DCATDE = "http://dcat-ap.de/def/dcatde/"
_DCATAP = "http://data.europa.eu/r5r/"
_VCARD = "http://www.w3.org/2006/vcard/ns#"
_FOAF = "http://xmlns.com/foaf/0.1/"

# Property IRI -> (German label, English label), named as in the dataset form.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    _D + "title": ("Titel", "title"),
    _D + "description": ("Beschreibung", "description"),
    _D + "publisher": ("Herausgeber", "publisher"),
    _D + "license": ("Lizenz", "licence"),
    _D + "accessRights": ("Zugriffsrechte", "access rights"),
    _D + "accrualPeriodicity": ("Aktualisierungsfrequenz", "update frequency"),
    _D + "language": ("Sprache", "language"),
    _D + "format": ("Dateiformat", "file type"),
    _D + "type": ("Datenkategorie", "data category"),
    _D + "issued": ("Veröffentlichungsdatum", "release date"),
    _D + "modified": ("Änderungsdatum", "modification date"),
    _D + "spatial": ("Raumbezug", "spatial coverage"),
    _D + "temporal": ("Zeitlicher Bezug", "temporal coverage"),
    _D + "conformsTo": ("Standard / Bezugssystem", "standard / reference system"),
    _D + "identifier": ("Kennung", "identifier"),
    _DCAT + "theme": ("Kategorie (EU-Datenthema)", "category (EU data theme)"),
    _DCAT + "contactPoint": ("Kontaktstelle", "contact point"),
    _DCAT + "accessURL": ("Zugangs-URL", "access URL"),
    _DCAT + "downloadURL": ("Download-URL", "download URL"),
    _DCAT + "mediaType": ("Medientyp", "media type"),
    _DCAT + "byteSize": ("Dateigröße", "file size"),
    _DCAT + "distribution": ("Distribution", "distribution"),
    _DCAT + "keyword": ("Schlagwort", "keyword"),
    _DCAT + "landingPage": ("Webseite", "landing page"),
    _DCAT + "bbox": ("Begrenzungsrechteck", "bounding box"),
    _DCAT + "centroid": ("Mittelpunkt", "centroid"),
    _DCAT + "startDate": ("Beginn", "start"),
    _DCAT + "endDate": ("Ende", "end"),
    _DCAT + "version": ("Version", "version"),
    _DCATAP + "availability": ("Verfügbarkeit", "availability"),
    _DCATAP + "hvdCategory": ("HVD-Kategorie", "high-value dataset category"),
    _DCATAP + "applicableLegislation": ("Rechtsvorschrift", "applicable legislation"),
    _DCATDE + "contributorID": ("GovData-Datenbereitsteller-ID", "GovData contributor ID"),
    _DCATDE + "politicalGeocodingURI": ("Politische Geokodierung", "political geocoding"),
    _DCATDE + "politicalGeocodingLevelURI": ("Ebene der politischen Geokodierung", "political geocoding level"),
    _DCATDE + "licenseAttributionByText": ("Namensnennungstext", "attribution text"),
    _DCATDE + "legalBasis": ("Rechtsgrundlage", "legal basis"),
    _DCATDE + "maintainer": ("Pflegende Stelle", "maintainer"),
    _DCATDE + "originator": ("Urheber", "originator"),
    "http://data.europa.eu/930/originator": ("Urheber", "originator"),
    "http://data.europa.eu/930/custodian": ("Datenverantwortliche:r", "data steward"),
    "http://www.w3.org/ns/locn#geometry": ("Geometrie", "geometry"),
    _VCARD + "fn": ("Name", "name"),
    _VCARD + "hasEmail": ("E-Mail-Adresse", "email address"),
    _VCARD + "hasURL": ("Webadresse", "web address"),
    _FOAF + "name": ("Name", "name"),
    _FOAF + "page": ("Dokumentation", "documentation"),
    "http://spdx.org/rdf/terms#checksum": ("Prüfsumme", "checksum"),
    "http://spdx.org/rdf/terms#algorithm": ("Prüfsummenverfahren", "checksum algorithm"),
}

# Class IRI -> (German, English) name of the node kind a finding is about.
NODE_LABELS: dict[str, tuple[str, str]] = {
    _DCAT + "Catalog": ("Katalog", "Catalogue"),
    _DCAT + "Dataset": ("Datensatz", "Dataset"),
    _DCAT + "Distribution": ("Distribution", "Distribution"),
    _DCAT + "DataService": ("Datenservice", "Data service"),
    _VCARD + "Kind": ("Kontaktstelle", "Contact point"),
    _FOAF + "Agent": ("Organisation/Person", "Organisation/person"),
    _D + "Location": ("Raumbezug", "Spatial coverage"),
    _D + "PeriodOfTime": ("Zeitlicher Bezug", "Temporal coverage"),
}

_SH = "http://www.w3.org/ns/shacl#"


def short_iri(iri: str) -> str:
    """``dct:license`` for a known namespace, the IRI otherwise."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def field_label(iri: str, lang: str) -> str:
    labels = FIELD_LABELS.get(iri)
    if labels is None:
        return short_iri(iri)
    return labels[0] if lang == "de" else labels[1]


def plain_message(component: str, path: str, parent_path: str, value: str, params: dict[str, Any], lang: str) -> str:
    """One sentence for a constraint violation of ``path`` (or of a value of ``parent_path``)."""
    de = lang == "de"
    name = field_label(parent_path or path, lang)
    kind = component.removeprefix(_SH)
    if kind == "HasValueConstraintComponent" and parent_path:
        return (
            f"„{name}“: Der Wert {value} stammt nicht aus dem vorgeschriebenen Vokabular."
            if de
            else f"“{name}”: the value {value} is not taken from the prescribed vocabulary."
        )
    if kind == "MinCountConstraintComponent":
        count = int(params.get("minCount") or 1)
        if count == 1:
            return f"„{name}“ fehlt." if de else f"“{name}” is missing."
        return f"„{name}“ muss mindestens {count}-mal angegeben sein." if de else f"“{name}” needs {count} values."
    if kind == "MaxCountConstraintComponent":
        count = int(params.get("maxCount") or 0)
        if count == 0:
            return (
                f"„{name}“ ist in DCAT-AP.de 3.0 veraltet (wird für ältere Abnehmer noch mitgeliefert)."
                if de
                else f"“{name}” is deprecated in DCAT-AP.de 3.0 (still delivered for older consumers)."
            )
        return f"„{name}“ darf höchstens {count}-mal angegeben sein." if de else f"“{name}” allows at most {count}."
    if kind == "ClassConstraintComponent":
        expected = short_iri(str(params.get("class") or ""))
        return (
            f"„{name}“ verweist auf etwas vom falschen Typ (erwartet: {expected})."
            if de
            else f"“{name}” refers to something of the wrong kind (expected: {expected})."
        )
    if kind == "NodeKindConstraintComponent":
        return (
            f"„{name}“ hat die falsche Form (Adresse statt Text oder umgekehrt)."
            if de
            else f"“{name}” has the wrong form (address instead of text or vice versa)."
        )
    if kind in ("DatatypeConstraintComponent", "PatternConstraintComponent"):
        return f"„{name}“ hat ein ungültiges Format: {value}." if de else f"“{name}” has an invalid format: {value}."
    return (
        f"„{name}“ entspricht nicht den DCAT-AP.de-Regeln." if de else f"“{name}” does not meet the DCAT-AP.de rules."
    )
