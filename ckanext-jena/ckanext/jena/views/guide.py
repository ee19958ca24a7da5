"""The guide for departments: "So veröffentlichen Sie Daten" (one page, linked from the dataset
form and from "Meine Aufgaben")."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

guide = Blueprint("jena_guide", __name__)


@guide.route("/hilfe/veroeffentlichen")
def publish() -> str:
    return tk.render("jena/guide/publish.html")
