"""Actions of the tables: the department edits a table's data dictionary (``tables/dictionary.py``).

A published dataset's dictionary changes through its pending revision, never directly; the answer's
``state`` says which happened (``saved`` or ``pending``).
"""

from __future__ import annotations

from typing import Any

from ckan.types import Context, DataDict

from ckanext.jena.tables import dictionary

__all__ = ["jena_data_dictionary_update"]


def jena_data_dictionary_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Set labels and descriptions of a table's columns: ``resource_id``, ``fields`` as a list of
    ``{"id", "label", "notes"}`` (columns not named keep their texts)."""
    return dictionary.save(context, data_dict.get("resource_id"), data_dict.get("fields"))
