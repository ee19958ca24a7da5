"""Cross-field rules of the dataset schemas, shared by validation and the completeness indicator.

A rule looks at the final values of a dataset and returns ``(field, message)`` pairs.
``publishing`` is false for drafts: rules about completeness then stay silent, rules
about contradictions (dates, implausible geometries) apply always.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ckan.lib.navl.dictization_functions import missing
from ckan.plugins.toolkit import _

from ckanext.jena import config
from ckanext.jena.codelists import get_codelist
from ckanext.jena.logic.geojson import geometry_of, km_outside_home

HVD_LEGISLATION = "http://data.europa.eu/eli/reg_impl/2023/138/oj"


def is_empty(value: Any) -> bool:
    """True for values a form or API client sends when nothing was entered."""
    if value is missing or value is None:
        return True
    if isinstance(value, str):
        return value.strip() in ("", "[]")
    if isinstance(value, list | tuple):
        return all(is_empty(item) for item in value)
    return False


def as_list(value: Any) -> list[Any]:
    """A multi-valued input as a list: lists stay, JSON-list strings are parsed, a string is one value."""
    if is_empty(value):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                return [text]
            return parsed if isinstance(parsed, list) else [text]
        return [text]
    if isinstance(value, list | tuple):
        return [item for item in value if not is_empty(item)]
    return [value]


@dataclass(frozen=True)
class DatasetValues:
    """Final field values of a dataset being validated, or of a stored ``package_show`` dict."""

    values: Mapping[str, Any]
    resources: tuple[Mapping[str, Any], ...] = ()

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        return None if value is missing else value

    def has(self, name: str) -> bool:
        return not is_empty(self.get(name))

    def codes(self, name: str) -> list[str]:
        return [str(item) for item in as_list(self.get(name))]


Problems = list[tuple[str, str]]
Rule = Callable[[DatasetValues, set[str], bool], Problems]


def temporal_order_rule(values: DatasetValues, fields: set[str], publishing: bool) -> Problems:
    start, end = values.get("temporal_start"), values.get("temporal_end")
    if isinstance(start, str) and isinstance(end, str) and start and end and end < start:
        return [("temporal_end", _("Das Enddatum des Zeitraums darf nicht vor dem Startdatum liegen."))]
    return []


def contact_point_rule(values: DatasetValues, fields: set[str], publishing: bool) -> Problems:
    if not publishing or "contact_point_email" not in fields:
        return []
    if values.has("contact_point_email") or values.has("contact_point_url"):
        return []
    message = _("Bitte geben Sie für die Kontaktstelle eine E-Mail-Adresse oder eine Web-Adresse (URL) an.")
    return [("contact_point_email", message)]


def attribution_rule(values: DatasetValues, fields: set[str], publishing: bool) -> Problems:
    if not publishing or "attribution_text" not in fields or values.has("attribution_text"):
        return []
    licenses = get_codelist("licenses")
    chosen = [values.get("license_id"), *(resource.get("license") for resource in values.resources)]
    needing = [code for code in chosen if isinstance(code, str) and licenses.get(code)]
    needing = [code for code in needing if licenses.attribute(code, "attribution")]
    if not needing:
        return []
    message = _(
        "Die Lizenz „{license}“ verlangt eine Namensnennung. Bitte geben Sie den Namensnennungstext an "
        "(z. B. „Stadt Jena, Fachdienst …“)."
    )
    return [("attribution_text", message.format(license=licenses.label(needing[0])))]


def hvd_category_rule(values: DatasetValues, fields: set[str], publishing: bool) -> Problems:
    if not publishing or "hvd_category" not in fields or values.codes("hvd_category"):
        return []
    if HVD_LEGISLATION not in values.codes("applicable_legislation"):
        return []
    message = _("Datensätze nach der Durchführungsverordnung (EU) 2023/138 brauchen eine HVD-Kategorie.")
    return [("hvd_category", message)]


def outside_home_rule(values: DatasetValues, fields: set[str], publishing: bool) -> Problems:
    if values.get("spatial_outside_confirmed") is True:
        return []
    limit = config.spatial_max_outside_km()
    found = []
    for name in ("spatial", "sensor_locations"):
        geometry = geometry_of(values.get(name)) if values.has(name) else None
        distance = km_outside_home(geometry) if geometry is not None else 0.0
        if distance > limit:
            message = _(
                "Die Geometrie reicht etwa {km} km über das Stadtgebiet von Jena hinaus. Bitte prüfen Sie die "
                "Koordinaten (Reihenfolge: Länge, Breite) oder bestätigen Sie ausdrücklich, dass die Ausdehnung "
                "über Jena hinausgeht."
            )
            found.append((name, message.format(km=round(distance))))
    return found


def scale_or_resolution_rule(values: DatasetValues, fields: set[str], publishing: bool) -> Problems:
    if not publishing or not {"scale_denominator", "spatial_resolution_m"} <= fields:
        return []
    if values.has("scale_denominator") or values.has("spatial_resolution_m"):
        return []
    return [("scale_denominator", _("Bitte geben Sie einen Maßstab oder eine räumliche Auflösung an."))]


RULES: tuple[Rule, ...] = (
    temporal_order_rule,
    contact_point_rule,
    attribution_rule,
    hvd_category_rule,
    outside_home_rule,
    scale_or_resolution_rule,
)


def check_rules(values: DatasetValues, fields: set[str], publishing: bool) -> Problems:
    """All cross-field problems of a dataset as ``(field, message)`` pairs."""
    return [problem for rule in RULES for problem in rule(values, fields, publishing)]
