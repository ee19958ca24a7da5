"""Validators of the Jena dataset and department schemas (``schemas/*.yaml``).

Registered with CKAN through ``tk.blanket.validators`` (every name in ``__all__``).
Messages are German first (``_()`` msgids); error-dict keys are the English field keys.

Drafts may be incomplete: ``jena_publication_state`` (a schema ``before_validators``
entry) decides once per validation whether the dataset ends up published, and
``jena_required`` enforces mandatory fields only then. Cross-field rules that need the
final values of several fields run in ``jena_dataset_rules`` (``after_validators``).
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlsplit

from ckan import authz
from ckan.lib.navl.dictization_functions import Invalid, StopOnError, missing
from ckan.plugins.toolkit import NotAuthorized, _, check_access
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Validator
from ckanext.scheming.validation import scheming_validator

from ckanext.jena import config
from ckanext.jena.codelists import CodeList, get_codelist
from ckanext.jena.logic.geojson import parse_geometry, parse_points
from ckanext.jena.logic.rules import HVD_LEGISLATION, DatasetValues, as_list, check_rules, is_empty
from ckanext.jena.profiles.values import tel_uri
from ckanext.jena.quality.responsible import jena_responsible_person
from ckanext.jena.url_schemes import ALLOWED_SCHEMES, is_allowed

__all__ = [
    "jena_boolean",
    "jena_byte_size",
    "jena_checksum",
    "jena_codelist",
    "jena_codelist_multiple",
    "jena_config_default",
    "jena_contact_phone",
    "jena_dataset_rules",
    "jena_email",
    "jena_extent_from_scope",
    "jena_geojson_geometry",
    "jena_geojson_points",
    "jena_guess_format",
    "jena_hvd_legislation",
    "jena_inherit_from_dataset",
    "jena_iso_date",
    "jena_media_type",
    "jena_number_output",
    "jena_phone",
    "jena_positive_int",
    "jena_positive_number",
    "jena_postal_code",
    "jena_publication_state",
    "jena_required",
    "jena_resource_url",
    "jena_responsible_person",
    "jena_url",
    "jena_url_list",
]

PUBLISHING_KEY = "jena_publishing"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_HOST = re.compile(r"^(localhost|([\w-]+\.)+[\w-]{2,})$")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w!#$&^.+-]*/[A-Za-z0-9][\w!#$&^.+-]*(\s*;\s*[\w.+-]+=[^;\s]+)*$")
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_PHONE = re.compile(r"^\+?[0-9 /()-]{5,30}$")


def is_publishing(context: Context) -> bool:
    """Whether the current validation enforces what publishing requires (default: yes)."""
    return bool(cast(dict[str, Any], context).get(PUBLISHING_KEY, True))


def _fail(key: FlattenKey, errors: FlattenErrorDict, message: str) -> None:
    errors[key].append(message)
    raise StopOnError


def _drop_missing(key: FlattenKey, data: FlattenDataDict) -> None:
    """Remove a key that was not sent at all, as ``ignore_missing`` would (database columns cannot store it)."""
    if data.get(key, missing) in (missing, None):
        data.pop(key, None)


def _sibling(key: FlattenKey, name: str) -> FlattenKey:
    """The key of another field of the same resource (or of the dataset for top-level keys)."""
    return (*key[:-1], name)


# --- publication state, required fields, defaults ----------------------------------------------


def _may_change_state(context: Context) -> bool:
    """Mirror of CKAN's ``ignore_not_package_admin``: may this caller set ``state``?"""
    if context.get("ignore_auth") or context.get("allow_state_change"):
        return True
    user = context.get("user")
    if user and authz.is_sysadmin(user):
        return True
    package = context.get("package")
    if not user or package is None:
        return False
    try:
        check_access("package_change_state", context, {"id": package.id})
    except NotAuthorized:
        return False
    return True


def jena_publication_state(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """Before-validator: record whether the dataset ends up published (any state but ``draft``)."""
    requested = data.get(("state",))
    if isinstance(requested, str) and requested and _may_change_state(context):
        state = requested
    else:
        package = context.get("package")
        state = package.state if package is not None else "active"
    cast(dict[str, Any], context)[PUBLISHING_KEY] = not state.startswith("draft")


def jena_extent_from_scope(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """Before-validator: "Ganze Stadt Jena" or "Einzelne Ortsteile" (``spatial_scope``) sets the
    extent ``spatial`` (issue 20, point 7); ortsteile without a district chosen is an error."""
    from ckanext.jena.logic.extent_scope import DISTRICTS, scope_geometry

    scope = data.get(("spatial_scope",))
    if scope is missing or is_empty(scope):
        return
    geometry = scope_geometry(scope, data.get(("district",)))
    if geometry is not None:
        data[("spatial",)] = json.dumps(geometry, separators=(",", ":"))
    elif scope == DISTRICTS:
        errors.setdefault(("district",), []).append(
            _("Bitte wählen Sie mindestens einen Ortsteil oder „Ganze Stadt Jena“.")
        )


@scheming_validator
def jena_required(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """Stop at an empty value; it is an error only if the field is required and the dataset is published."""
    required = bool(field.get("required"))

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        value = data.get(key, missing)
        if not is_empty(value):
            return
        if value is missing or value is None:
            data.pop(key, None)
        if required and is_publishing(context):
            errors[key].append(_("Pflichtangabe für die Veröffentlichung: Bitte füllen Sie dieses Feld aus."))
        raise StopOnError

    return validator


def jena_config_default(option: str) -> Validator:
    """Fill an empty value from a portal setting (publisher, GovData contributorID)."""
    getters: dict[str, Callable[[], str]] = {
        "publisher_name": config.dcat_publisher_name,
        "publisher_uri": config.dcat_publisher_uri,
        "contributor_id": config.dcat_contributor_id,
    }
    getter = getters[option]

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        if is_empty(data.get(key)) and getter():
            data[key] = getter()

    return validator


def jena_inherit_from_dataset(field_name: str) -> Validator:
    """Resource field: take the dataset's value when empty (licence and availability per distribution)."""

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        inherited = data.get((field_name,))
        # A dataset value that failed validation is reported there once, not copied into every resource.
        if is_empty(data.get(key)) and not is_empty(inherited) and not errors.get((field_name,)):
            data[key] = inherited

    return validator


# --- code lists --------------------------------------------------------------------------------


def _not_in_codelist(value: Any, codelist: CodeList) -> str:
    message = _("Der Wert „{value}“ ist in der Codeliste „{codelist}“ nicht enthalten.")
    return message.format(value=value, codelist=codelist.title["de"])


@scheming_validator
def jena_codelist(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """One value of the code list ``field['codelist']`` (code or URI; stored as the code)."""
    codelist = get_codelist(field["codelist"])
    allowed: list[str] | None = field.get("allowed_codes")

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        value = data.get(key)
        if is_empty(value):
            return
        code = codelist.normalize(value) if isinstance(value, str) else None
        if code is None:
            _fail(key, errors, _not_in_codelist(value, codelist))
        elif allowed and code not in allowed:
            names = ", ".join(f"„{codelist.label(c)}“" for c in allowed)
            message = _("„{value}“ ist hier nicht zulässig. Erlaubt: {allowed}.")
            _fail(key, errors, message.format(value=codelist.label(code), allowed=names))
        data[key] = code

    return validator


@scheming_validator
def jena_codelist_multiple(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """Several values of the code list ``field['codelist']``; stored as a JSON list of codes."""
    codelist = get_codelist(field["codelist"])

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        codes: list[str] = []
        for value in as_list(data.get(key)):
            code = codelist.normalize(value) if isinstance(value, str) else None
            if code is None:
                errors[key].append(_not_in_codelist(value, codelist))
            elif code not in codes:
                codes.append(code)
        if errors[key]:
            raise StopOnError
        data[key] = json.dumps(codes)

    return validator


def jena_hvd_legislation(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """High-value datasets fall under Implementing Regulation (EU) 2023/138: add it when a category is set."""
    categories = get_codelist("hvd_categories")
    if not any(isinstance(v, str) and categories.normalize(v) for v in as_list(data.get(("hvd_category",)))):
        return
    current = as_list(data.get(key))
    if HVD_LEGISLATION not in current:
        data[key] = json.dumps([*current, HVD_LEGISLATION])


# --- text, numbers, dates ------------------------------------------------------------------------


def jena_email(value: Any, context: Context) -> Any:
    if is_empty(value):
        return value
    text = str(value).strip()
    if not _EMAIL.match(text):
        message = _("„{value}“ ist keine gültige E-Mail-Adresse (Beispiel: vorname.nachname@jena.de).")
        raise Invalid(message.format(value=text))
    return text


def _is_url(text: str) -> bool:
    if not text or any(char.isspace() for char in text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        _port = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(_HOST.match(host))


def _url_message(text: str) -> str:
    message = _(
        "„{value}“ ist keine gültige Web-Adresse. Bitte geben Sie eine vollständige URL an, "
        "die mit https:// oder http:// beginnt."
    )
    return message.format(value=text)


def jena_url(value: Any, context: Context) -> Any:
    if is_empty(value):
        return value
    text = str(value).strip()
    if not _is_url(text):
        raise Invalid(_url_message(text))
    return text


def jena_resource_url(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """A resource's link: http(s) or ftp (no ``javascript:``/``data:``), or the name of an uploaded file."""
    value = data.get(key)
    if is_empty(value) or data.get(_sibling(key, "url_type")) == "upload":
        return
    text = str(value)
    try:
        urlsplit(text).port  # noqa: B018 (raises ValueError for "http://[::1" or port 99999)
    except ValueError as error:
        message = _("„{value}“ ist keine gültige Adresse ({reason}).")
        _fail(key, errors, message.format(value=text[:200], reason=error))
    if not is_allowed(text):
        message = _("Links auf Ressourcen müssen mit {schemes} beginnen; „{value}“ wird nicht angenommen.")
        schemes = ", ".join(f"{scheme}://" for scheme in ALLOWED_SCHEMES)
        _fail(key, errors, message.format(schemes=schemes, value=text[:200]))


def jena_url_list(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """Several URLs (``conforms_to``); stored as a JSON list."""
    urls = [str(item).strip() for item in as_list(data.get(key))]
    for url in urls:
        if not _is_url(url):
            errors[key].append(_url_message(url))
    if errors[key]:
        raise StopOnError
    data[key] = json.dumps(urls)


def jena_iso_date(value: Any, context: Context) -> Any:
    """A calendar date, stored as ``YYYY-MM-DD``; typed as ``TT.MM.JJJJ`` (German, day first) or
    ISO ``JJJJ-MM-TT`` (a time part is accepted and dropped). Anything else (``04/01/2025``) is
    refused rather than guessed."""
    if is_empty(value):
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    iso, german = _ISO_DATE.fullmatch(text), _GERMAN_DATE.fullmatch(text)
    try:
        if iso is not None:
            return datetime.date.fromisoformat(iso.group(1)).isoformat()
        if german is not None:  # TT.MM.JJJJ: day first, never reinterpreted
            day, month, year = (int(part) for part in german.groups())
            return datetime.date(year, month, day).isoformat()
        raise ValueError(text)
    except ValueError:
        message = _("„{value}“ ist kein gültiges Datum. Bitte verwenden Sie das Format TT.MM.JJJJ (z. B. 31.03.2024).")
        raise Invalid(message.format(value=text)) from None


def jena_positive_number(value: Any, context: Context) -> Any:
    """A number > 0; a German decimal comma is accepted (``0,5``)."""
    if is_empty(value):
        return value
    text = str(value).strip().replace(" ", "")
    if re.fullmatch(r"\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise Invalid(_("Bitte geben Sie eine positive Zahl an (z. B. 0,5)."))
    return number


def jena_number_output(value: Any, context: Context) -> Any:
    """Output: a stored number (extras are text) back as a float; anything else unchanged."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def jena_positive_int(value: Any, context: Context) -> Any:
    """An integer > 0; a scale written as ``1:5000`` or ``1:5.000`` gives 5000."""
    if is_empty(value):
        return value
    text = re.sub(r"^\s*1\s*:\s*", "", str(value)).replace(".", "").strip()
    if not re.fullmatch(r"\d+", text) or int(text) == 0:
        raise Invalid(_("Bitte geben Sie eine positive ganze Zahl an (z. B. 5000 für den Maßstab 1:5000)."))
    return int(text)


# The resource ``size`` column is a PostgreSQL bigint.
MAX_BYTE_SIZE = 2**63 - 1


def jena_byte_size(value: Any, context: Context) -> Any:
    """Size in bytes; an empty form field is no size (the database column is an integer)."""
    if is_empty(value):
        return None if value is not missing else value
    text = str(value).strip()
    if not re.fullmatch(r"\d+", text):
        raise Invalid(_("Bitte geben Sie die Dateigröße als ganze Zahl in Bytes an (z. B. 204800)."))
    if len(text) > 19 or int(text) > MAX_BYTE_SIZE:
        raise Invalid(_("Die Dateigröße ist zu groß (höchstens {max} Bytes).").format(max=MAX_BYTE_SIZE))
    return int(text)


def jena_boolean(value: Any, context: Context) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "on", "1", "yes", "ja")


def jena_postal_code(value: Any, context: Context) -> Any:
    if is_empty(value):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{5}", text):
        raise Invalid(_("Bitte geben Sie eine fünfstellige Postleitzahl an (z. B. 07743)."))
    return text


def jena_phone(value: Any, context: Context) -> Any:
    if is_empty(value):
        return value
    text = str(value).strip()
    if not _PHONE.match(text):
        raise Invalid(_("Bitte geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen und + / - ( ) an."))
    return text


def jena_contact_phone(value: Any, context: Context) -> Any:
    """The contact point's phone number: published as ``tel:`` IRI, so it needs the area code
    (``03641 49-0``) or the country code (``+49 3641 49-0``)."""
    if is_empty(value):
        return value
    text = str(value).strip()
    if not _PHONE.match(text) or tel_uri(text) is None:
        message = _(
            "„{value}“ ist keine gültige Telefonnummer. Bitte mit Vorwahl und nur mit Ziffern, "
            "Leerzeichen und + / - ( ) angeben, z. B. 03641 49-0 oder +49 3641 49-0."
        )
        raise Invalid(message.format(value=text[:60]))
    return text


# --- GeoJSON -----------------------------------------------------------------------------------


def jena_geojson_geometry(value: Any, context: Context) -> Any:
    """A GeoJSON geometry in WGS 84 (``spatial``); stored as compact JSON."""
    if is_empty(value):
        return value
    obj, _geometry = parse_geometry(value)
    return json.dumps(obj, separators=(",", ":"))


def jena_geojson_points(value: Any, context: Context) -> Any:
    """Sensor locations: a Point, a MultiPoint or a FeatureCollection of points; stored as compact JSON."""
    if is_empty(value):
        return value
    return json.dumps(parse_points(value), separators=(",", ":"))


# --- resources ---------------------------------------------------------------------------------


def jena_guess_format(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """Empty format: guess it from the file extension of the resource URL."""
    if not is_empty(data.get(key)):
        return
    file_name = urlsplit(str(data.get(_sibling(key, "url")) or "")).path.rsplit("/", 1)[-1].lower()
    extension = file_name.rsplit(".", 1)[-1] if "." in file_name else ""
    for entry in get_codelist("file_types") if extension else ():
        if extension in (entry.attributes.get("extensions") or []):
            data[key] = entry.code
            return


def jena_media_type(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """IANA media type; when empty, the media type the format's code-list entry names."""
    value = data.get(key)
    if is_empty(value):
        entry = get_codelist("file_types").get(str(data.get(_sibling(key, "format")) or ""))
        if entry is not None and entry.attributes.get("media_type"):
            data[key] = entry.attributes["media_type"]
        else:
            _drop_missing(key, data)
        return
    text = str(value).strip()
    if not _MEDIA_TYPE.match(text):
        message = _("„{value}“ ist kein gültiger Medientyp (IANA), z. B. text/csv oder application/json.")
        _fail(key, errors, message.format(value=text))
    data[key] = text


def jena_checksum(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
    """Hexadecimal checksum whose length fits the chosen algorithm (default SHA-256)."""
    value = data.get(key)
    if is_empty(value):
        _drop_missing(key, data)
        return
    algorithms = get_codelist("checksum_algorithms")
    algorithm = algorithms.normalize(str(data.get(_sibling(key, "hash_algorithm")) or "")) or "sha256"
    length = int(algorithms.attribute(algorithm, "hex_length"))
    text = str(value).strip().lower()
    if not re.fullmatch(rf"[0-9a-f]{{{length}}}", text):
        message = _("Die Prüfsumme muss aus {length} Hexadezimalzeichen (0–9, a–f) bestehen ({algorithm}).")
        _fail(key, errors, message.format(length=length, algorithm=algorithms.label(algorithm)))
    data[key] = text


# --- cross-field rules (after_validators) ------------------------------------------------------


def _resources_of(data: FlattenDataDict) -> tuple[dict[str, Any], ...]:
    resources: dict[int, dict[str, Any]] = {}
    for key, value in data.items():
        if len(key) == 3 and key[0] == "resources" and isinstance(key[1], int):
            resources.setdefault(key[1], {})[str(key[2])] = value
    return tuple(resources[index] for index in sorted(resources))


@scheming_validator
def jena_dataset_rules(field: dict[str, Any] | None, schema: dict[str, Any]) -> Validator:
    """After-validator running the cross-field rules (``logic/rules.py``) on the final values."""
    fields = {f["field_name"] for f in schema.get("dataset_fields", [])}

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        # A field that already failed still holds its raw input: the rules must not judge it.
        final = {name: None if errors.get((name,)) else data.get((name,)) for name in fields}
        values = DatasetValues(final, _resources_of(data))
        for name, message in check_rules(values, fields, is_publishing(context)):
            if not errors.get((name,)):
                errors.setdefault((name,), []).append(message)

    return validator
