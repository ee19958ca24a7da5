"""Release gate ``quality``: a department may require a minimum MQA band for release.

The department's ``min_quality_band`` (organization schema; empty by default) decides: empty,
the score informs and never blocks; set, a dataset whose score stays below that band is not
approved, and the failure names what raises the score most.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.jena.release import gates

from . import assessment, labels
from .mqa import BANDS

__all__ = ["GATE_NAME", "minimum_band", "quality_gate"]

GATE_NAME = "quality"
_LOWEST = dict(BANDS)


def minimum_band(organization_id: str | None) -> str | None:
    """The band the department requires for release, or None."""
    group = model.Group.get(organization_id) if organization_id else None
    value = (group.extras.get("min_quality_band") if group is not None else None) or ""
    return value if value in _LOWEST and value != "bad" else None


@gates.register(GATE_NAME, label=lambda: tk._("Metadatenqualität (Mindeststufe des Fachbereichs)"), order=40)
def quality_gate(gate_input: gates.GateInput) -> list[gates.GateFailure]:
    required = minimum_band(gate_input.package.get("owner_org"))
    if required is None:
        return []
    package = dict(gate_input.package)
    package.setdefault("id", gate_input.package_id)
    score = assessment.assess(package)
    if score.points >= _LOWEST[required]:
        return []
    hints = ", ".join(
        f"{labels.indicator_label(r.indicator.key)} (+{r.missing_points})" for r in score.improvements()[:3]
    )
    message = tk._(
        "Die Metadaten erreichen {points} von 405 Punkten ({band}); der Fachbereich verlangt mindestens „{required}“ "
        "({lowest} Punkte). Am meisten bringen: {hints}."
    ).format(
        points=score.points,
        band=labels.band_label(score.band),
        required=labels.band_label(required),
        lowest=_LOWEST[required],
        hints=hints,
    )
    return [gates.GateFailure(message, code="quality_below_minimum")]
