"""Release gate ``dcat_ap_de``: a dataset is approved only if its DCAT-AP.de RDF conforms.

Registered with the release workflow's gate registry when this module is imported (the
``jena`` plugin does that). Violations of the official DCAT-AP.de 3.0 shapes (and, for a
dataset with an HVD category, of the DCAT-AP HVD 3.0.0 shapes) block the approval with a
German message per violation; warnings do not.
"""

from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk

from ckanext.jena.release import gates

__all__ = ["GATE_NAME", "dcat_gate"]

GATE_NAME = "dcat_ap_de"

log = logging.getLogger(__name__)

# Property (as the findings name it) -> dataset field the form shows for it.
_FIELDS = {
    "dct:title": "title",
    "dct:description": "notes",
    "dct:license": "license_id",
    "dct:publisher": "publisher_name",
    "dcat:contactPoint": "contact_point_email",
    "dct:accrualPeriodicity": "frequency",
    "dcat:theme": "theme",
    "dct:language": "language",
    "dcatap:availability": "availability",
    "dcatde:contributorID": "contributor_id",
    "dcatde:politicalGeocodingLevelURI": "political_geocoding_level",
    "dcatde:licenseAttributionByText": "attribution_text",
    "dcatap:hvdCategory": "hvd_category",
    "dcatap:applicableLegislation": "applicable_legislation",
}


@gates.register(GATE_NAME, label=lambda: tk._("DCAT-AP.de-Konformität (GovData, EU-Datenportal)"), order=30)
def dcat_gate(gate_input: gates.GateInput) -> list[gates.GateFailure]:
    from ckanext.jena.dcat.shapes import ShapesUnavailableError
    from ckanext.jena.dcat.validation import validate_dataset

    package = dict(gate_input.package)
    package.setdefault("id", gate_input.package_id)
    try:
        violations = list(validate_dataset(package).violations)
        if package.get("hvd_category"):
            # High-value datasets (EU 2023/138) must also conform to DCAT-AP HVD 3.0.0.
            known = {finding.text("de") for finding in violations}
            hvd = validate_dataset(package, version="hvd").violations
            violations += [finding for finding in hvd if finding.text("de") not in known]
    except ShapesUnavailableError as error:
        # An installation problem, not the dataset's: name the cause and the fix on the release page.
        log.error("DCAT-AP.de gate cannot run: %s", error.message_en)
        message = tk._(
            "Die offiziellen DCAT-AP.de-Prüfregeln (SHACL) fehlen auf dem Server ({file} in {folder}). "
            "Die Installation bringt sie mit: bitte die Administration bitten, „make install“ auszuführen "
            "(ohne Internet mit JENA_SHAPES_DIR)."
        ).format(file=error.missing, folder=error.path)
        return [gates.GateFailure(message, code="shapes_missing")]
    return [
        gates.GateFailure(finding.text("de"), field=_FIELDS.get(finding.path), code="dcat_violation")
        for finding in violations
    ]
