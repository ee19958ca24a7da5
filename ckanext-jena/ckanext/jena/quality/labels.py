"""German labels (with English translations in the catalog) of the MQA bands, dimensions and indicators."""

from __future__ import annotations

from collections.abc import Callable

import ckan.plugins.toolkit as tk

__all__ = ["band_label", "dimension_label", "indicator_label"]

_BANDS: dict[str, Callable[[], str]] = {
    "excellent": lambda: tk._("Ausgezeichnet"),
    "good": lambda: tk._("Gut"),
    "sufficient": lambda: tk._("Ausreichend"),
    "bad": lambda: tk._("Mangelhaft"),
}
_DIMENSIONS: dict[str, Callable[[], str]] = {
    "findability": lambda: tk._("Auffindbarkeit"),
    "accessibility": lambda: tk._("Zugänglichkeit"),
    "interoperability": lambda: tk._("Interoperabilität"),
    "reusability": lambda: tk._("Wiederverwendbarkeit"),
    "contextuality": lambda: tk._("Kontext"),
}
_INDICATORS: dict[str, Callable[[], str]] = {
    "keywordAvailability": lambda: tk._("Schlagwörter angegeben"),
    "categoryAvailability": lambda: tk._("Kategorie (Thema) angegeben"),
    "spatialAvailability": lambda: tk._("Räumlicher Bezug angegeben"),
    "temporalAvailability": lambda: tk._("Zeitlicher Bezug angegeben"),
    "accessUrlStatusCode": lambda: tk._("Zugangs-URL erreichbar"),
    "downloadUrlAvailability": lambda: tk._("Download-URL angegeben"),
    "downloadUrlStatusCode": lambda: tk._("Download-URL erreichbar"),
    "formatAvailability": lambda: tk._("Dateiformat angegeben"),
    "mediaTypeAvailability": lambda: tk._("Medientyp angegeben"),
    "formatMediaTypeVocabularyAlignment": lambda: tk._("Format und Medientyp aus dem Vokabular"),
    "formatMediaTypeNonProprietary": lambda: tk._("Offenes (nicht proprietäres) Format"),
    "formatMediaTypeMachineInterpretable": lambda: tk._("Maschinenlesbares Format"),
    "dcatApCompliance": lambda: tk._("DCAT-AP-konform"),
    "licenceAvailability": lambda: tk._("Lizenz angegeben"),
    "knownLicence": lambda: tk._("Lizenz aus dem Vokabular"),
    "accessRightsAvailability": lambda: tk._("Zugriffsrechte angegeben"),
    "accessRightsVocabularyAlignment": lambda: tk._("Zugriffsrechte aus dem Vokabular"),
    "contactPointAvailability": lambda: tk._("Kontaktstelle angegeben"),
    "publisherAvailability": lambda: tk._("Veröffentlichende Stelle angegeben"),
    "rightsAvailability": lambda: tk._("Rechtehinweis angegeben"),
    "byteSizeAvailability": lambda: tk._("Dateigröße angegeben"),
    "dateIssuedAvailability": lambda: tk._("Veröffentlichungsdatum angegeben"),
    "dateModifiedAvailability": lambda: tk._("Änderungsdatum angegeben"),
}


def band_label(band: str) -> str:
    return _BANDS[band]() if band in _BANDS else band


def dimension_label(dimension: str) -> str:
    return _DIMENSIONS[dimension]() if dimension in _DIMENSIONS else dimension


def indicator_label(key: str) -> str:
    return _INDICATORS[key]() if key in _INDICATORS else key
