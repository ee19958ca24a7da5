"""``jena_csw``: ckanext-spatial's CSW harvester with a safe CSW client and Jena fields.

ckanext-spatial talks to the catalogue through OWSLib, which downloads without any of the
limits of :mod:`ckanext.jena.safe_fetch`. :class:`SafeCswService` offers the two calls the CSW harvester
makes (``getidentifiers``, ``getrecordbyid``) over :func:`ckanext.jena.safe_fetch.fetch` and parses the
answers with entity resolution and network access switched off. The ISO 19139 values are
then mapped onto the portal's fields (docs/field-contract.md) where the record has them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from ckanext.spatial.harvesters.csw import CSWHarvester
from lxml import etree

from ckanext.jena.safe_fetch import FetchPolicy, fetch, refuse_unsafe_content

from .policy import OwnSingleton, fetch_policy, finish_refused_job, source_options, validate_source_options

__all__ = ["CswError", "JenaCSWHarvester", "SafeCswService", "iso_to_jena"]

NS = {
    "csw": "http://www.opengis.net/cat/csw/2.0.2",
    "gmd": "http://www.isotc211.org/2005/gmd",
    "gco": "http://www.isotc211.org/2005/gco",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ows": "http://www.opengis.net/ows",
}
GMD = "http://www.isotc211.org/2005/gmd"
MAX_RECORD_PAGES = 1000

# ISO 19115 MD_MaintenanceFrequencyCode -> EU frequency code.
ISO_FREQUENCIES = {
    "continual": "CONT",
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "fortnightly": "BIWEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "biannually": "ANNUAL_2",
    "annually": "ANNUAL",
    "asNeeded": "IRREG",
    "irregular": "IRREG",
    "notPlanned": "NEVER",
    "unknown": "UNKNOWN",
}
# ISO 639-2/B and /T codes the records use -> EU language code.
ISO_LANGUAGES = {"ger": "DEU", "deu": "DEU", "eng": "ENG", "fre": "FRA", "fra": "FRA", "pol": "POL", "cze": "CES"}


class CswError(Exception):
    """The CSW answered with an exception report or something that is not a CSW answer."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class SafeCswService:
    """The part of ckanext-spatial's ``CswService`` the CSW harvester uses, over a safe fetch."""

    def __init__(self, endpoint: str, policy: FetchPolicy) -> None:
        self.endpoint = endpoint
        self.policy = policy

    def _request(self, **params: Any) -> etree._Element:
        query = {"service": "CSW", "version": "2.0.2", **params}
        url = f"{self.endpoint}{'&' if '?' in self.endpoint else '?'}{urlencode(query)}"
        fetched = fetch(url, self.policy, accept="application/xml, text/xml;q=0.9")
        refuse_unsafe_content(fetched.content, "xml")
        try:
            root = etree.fromstring(fetched.content, _parser())
        except etree.XMLSyntaxError as error:
            raise CswError(f"Keine gültige XML-Antwort / not valid XML: {error}") from None
        if root.tag == f"{{{NS['ows']}}}ExceptionReport":
            texts = root.xpath("//ows:ExceptionText/text()", namespaces=NS)
            raise CswError(f"Der CSW meldet einen Fehler / CSW exception: {' '.join(texts) or 'ExceptionReport'}")
        return root

    def getidentifiers(
        self, page: int = 10, outputschema: str = "gmd", cql: str | None = None, **_: Any
    ) -> Iterator[str]:
        start = 1
        for _page in range(MAX_RECORD_PAGES):
            params: dict[str, Any] = {
                "request": "GetRecords",
                "typeNames": "csw:Record",
                "resultType": "results",
                "elementSetName": "brief",
                "outputSchema": GMD,
                "startPosition": start,
                "maxRecords": page,
            }
            if cql:
                params.update(
                    {"constraintLanguage": "CQL_TEXT", "constraint_language_version": "1.1.0", "constraint": cql}
                )
            root = self._request(**params)
            results = root.find("csw:SearchResults", NS)
            if results is None:
                raise CswError("Antwort ohne csw:SearchResults / answer without csw:SearchResults")
            identifiers = results.xpath(
                "gmd:MD_Metadata/gmd:fileIdentifier/gco:CharacterString/text() | */dc:identifier/text()", namespaces=NS
            )
            yield from (str(identifier).strip() for identifier in identifiers)
            matched = int(results.get("numberOfRecordsMatched") or 0)
            following = int(results.get("nextRecord") or 0)
            if not identifiers or following <= start or following > matched:
                return
            start = following
        raise CswError(f"Mehr als {MAX_RECORD_PAGES} Ergebnisseiten / more than {MAX_RECORD_PAGES} result pages")

    def getrecordbyid(self, ids: list[str], esn: str = "full", outputschema: str = "gmd", **_: Any) -> dict | None:
        root = self._request(request="GetRecordById", id=",".join(ids), elementSetName=esn, outputSchema=GMD)
        record = root.find("gmd:MD_Metadata", NS)
        if record is None:
            return None
        # No XML declaration: ckanext-spatial parses the text as a str, which lxml refuses
        # when it declares an encoding (its own client adds one and then fails on import).
        text = etree.tostring(record, encoding=str, pretty_print=True)
        return {"xml": text, "tree": etree.ElementTree(record)}


def _licence(texts: list[str]) -> str | None:
    from ckanext.jena.codelists import get_codelist

    licences = get_codelist("licenses")
    for text in texts:
        candidates = [text]
        if text.strip().startswith("{"):
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = {}
            candidates = [str(parsed.get(key) or "") for key in ("id", "url")] if isinstance(parsed, dict) else []
        candidates += re.findall(r"https?://\S+", text)
        for candidate in candidates:
            code = licences.normalize(candidate.strip().rstrip(".,;")) if candidate.strip() else None
            if code:
                return code
    return None


def iso_to_jena(iso: dict[str, Any]) -> dict[str, Any]:
    """Jena field values found in the ISO 19139 values ckanext-spatial read (codes, ISO dates)."""
    from ckanext.jena.codelists import get_codelist

    fields: dict[str, Any] = {}
    frequency = ISO_FREQUENCIES.get(str(iso.get("frequency-of-update") or ""))
    if frequency and frequency in get_codelist("frequencies"):
        fields["frequency"] = frequency
    dates = {d.get("type"): str(d.get("value") or "")[:10] for d in iso.get("dataset-reference-date") or []}
    fields["issued"] = dates.get("publication") or dates.get("creation")
    fields["modified"] = dates.get("revision")
    fields["temporal_start"] = next(iter(iso.get("temporal-extent-begin") or []), None)
    fields["temporal_end"] = next(iter(iso.get("temporal-extent-end") or []), None)
    parties = iso.get("responsible-organisation") or []
    contact = next((p for p in parties if p.get("role") == "pointOfContact"), parties[0] if parties else None)
    if contact:
        fields["contact_point_name"] = contact.get("organisation-name") or contact.get("individual-name")
    fields["contact_point_email"] = iso.get("contact-email") or None
    publisher = next((p for p in parties if p.get("role") in ("publisher", "owner")), None)
    if publisher:
        fields["publisher_name"] = publisher.get("organisation-name")
    languages = [ISO_LANGUAGES[code] for code in iso.get("dataset-language") or [] if code in ISO_LANGUAGES]
    if languages:
        fields["language"] = list(dict.fromkeys(languages))
    fields["reference_system"] = get_codelist("reference_systems").normalize(
        str(iso.get("spatial-reference-system") or "")
    )
    fields["license_id"] = _licence(
        list(iso.get("use-constraints") or []) + list(iso.get("limitations-on-public-access") or [])
    )
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def _resource_format(resource: dict[str, Any]) -> None:
    """ckanext-spatial guesses formats like ``geojson`` or ``application/geo+json``: keep a file-type
    code the schema accepts, a media type as media type, and leave the rest to the schema's guess."""
    from ckanext.jena.codelists import get_codelist

    guessed = str(resource.get("format") or "")
    code = get_codelist("file_types").normalize(guessed) if guessed else None
    if code is None and "/" in guessed:
        resource.setdefault("mimetype", guessed)
    resource["format"] = code or ""


def _schema_fields(dataset_type: str) -> set[str]:
    import ckan.plugins.toolkit as tk

    try:
        schema = tk.get_action("scheming_dataset_schema_show")({}, {"type": dataset_type})
    except (KeyError, tk.ObjectNotFound):
        return set()
    return {field["field_name"] for field in schema.get("dataset_fields", [])}


class JenaCSWHarvester(OwnSingleton, CSWHarvester):
    def info(self) -> dict[str, str]:
        return {
            "name": "jena_csw",
            "title": "CSW-Katalog (Geodaten)",
            "description": "Geodaten-Metadaten (ISO 19139) aus einem CSW-Katalog, sicher abgerufen "
            "/ ISO 19139 metadata from a CSW catalogue, fetched safely",
        }

    def validate_config(self, source_config: str | None) -> str | None:
        source_config = super().validate_config(source_config)
        validate_source_options(source_config)
        return source_config

    def gather_stage(self, harvest_job: Any) -> list[str] | None:
        object_ids = super().gather_stage(harvest_job)
        if not object_ids and harvest_job.gather_errors:
            finish_refused_job(harvest_job)  # refused or unreachable: the gather error says why
        return object_ids

    def _set_source_config(self, config_str: str | None) -> None:
        super()._set_source_config(config_str)
        # ckanext-spatial re-indexes unchanged records from an unvalidated package_show, which
        # ckanext-scheming rejects with an AssertionError that stops the fetch worker. Its own
        # switch needs this and ckanext.spatial.harvest.reindex_unchanged = False; import_stage
        # below re-indexes through the normal path instead.
        self.source_config.setdefault("reindex_unchanged", "False")

    def import_stage(self, harvest_object: Any) -> bool | str:
        result = super().import_stage(harvest_object)
        if result is True and harvest_object.package_id:
            from ckan.lib import search

            search.rebuild(harvest_object.package_id)
        return result

    def _setup_csw_client(self, url: str) -> None:
        self.csw = SafeCswService(url, fetch_policy())

    def get_package_dict(self, iso_values: dict[str, Any], harvest_object: Any) -> dict[str, Any]:
        package_dict = super().get_package_dict(iso_values, harvest_object)
        options = source_options(harvest_object.source.config)
        package_dict["type"] = options.dataset_type or "geodata"
        package_dict["state"] = options.state
        # The scheming schema validates the import and refuses extras named like one of its
        # fields: ckanext-spatial's ``spatial`` extra and the Jena fields go to the top level.
        fields = _schema_fields(package_dict["type"])
        extras = []
        for extra in package_dict.get("extras") or []:
            if extra["key"] in fields:
                package_dict.setdefault(extra["key"], extra["value"])
            else:
                extras.append(extra)
        package_dict["extras"] = extras
        for key, value in {**iso_to_jena(iso_values), **options.defaults}.items():
            package_dict.setdefault(key, value)
        for resource in package_dict.get("resources") or []:
            _resource_format(resource)
        return package_dict
