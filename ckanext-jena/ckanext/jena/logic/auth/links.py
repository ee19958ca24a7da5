"""Auth of the link checker's results: the department (whoever may edit the dataset)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.jena.logic.auth.quality import editors_of_the_dataset

__all__ = ["jena_link_status_show"]


def jena_link_status_show(context: Context, data_dict: DataDict) -> AuthResult:
    return editors_of_the_dataset(
        context, data_dict, tk._("Nur wer den Datensatz bearbeiten darf, sieht den Zustand seiner Links.")
    )
