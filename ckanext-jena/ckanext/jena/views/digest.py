"""The setting "Wöchentliche Übersicht per E-Mail" on the user's profile page (issue 16, part 6):
a form of its own next to CKAN's profile form, posting here."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

digest = Blueprint("jena_digest", __name__)


def update(id: str) -> Any:
    user = tk.current_user
    context: dict[str, Any] = {"user": "" if user.is_anonymous else user.name}
    wanted = tk.request.form.get("weekly_digest") == "on"
    try:
        tk.get_action("jena_digest_subscription_update")(context, {"id": id, "subscribed": wanted})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Nur die Person selbst kann ihre E-Mail-Einstellungen ändern."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("User not found"))
    if wanted:
        tk.h.flash_success(tk._("Sie erhalten die wöchentliche Übersicht per E-Mail."))
    else:
        tk.h.flash_success(tk._("Sie erhalten keine wöchentliche Übersicht per E-Mail mehr."))
    return tk.redirect_to("user.edit", id=id)


digest.add_url_rule("/user/<id>/wochenuebersicht", view_func=update, endpoint="update", methods=["POST"])
