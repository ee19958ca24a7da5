"""Pages of data management: the public explanation of the quality score (bands, indicators,
points) and the department's "Daten geprüft, unverändert aktuell"."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.jena.quality import labels
from ckanext.jena.quality.mqa import INDICATORS

quality = Blueprint("jena_quality", __name__)


def about() -> str:
    rows = [
        {
            "dimension": labels.dimension_label(indicator.dimension),
            "label": labels.indicator_label(indicator.key),
            "points": indicator.points,
        }
        for indicator in INDICATORS
    ]
    return tk.render("jena/quality/about.html", {"indicators": rows})


def confirm_fresh(id: str) -> Any:
    """POST from the dataset page: the department confirms the data as unchanged and current."""
    user = tk.current_user
    context: dict[str, Any] = {"user": "" if user.is_anonymous else user.name}
    try:
        tk.get_action("jena_freshness_confirm")(context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Datensatz nicht gefunden."))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    tk.h.flash_success(tk._("Bestätigt: Die Daten sind geprüft und unverändert aktuell."))
    return tk.redirect_to("dataset.read", id=id)


quality.add_url_rule("/datenqualitaet", view_func=about, endpoint="about")
quality.add_url_rule("/dataset/<id>/daten-aktuell", view_func=confirm_fresh, endpoint="confirm_fresh", methods=["POST"])
