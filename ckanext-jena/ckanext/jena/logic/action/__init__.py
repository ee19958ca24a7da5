"""Actions of ckanext-jena, registered through ``tk.blanket.actions`` (every name in
``__all__``; add your module's names here). Chained core actions keep the core name."""

from __future__ import annotations

from ckanext.jena.logic.action.dataset import (
    bulk_update_private,
    bulk_update_public,
    package_create,
    package_show,
    package_update,
    resource_create,
    resource_delete,
    resource_update,
)
from ckanext.jena.logic.action.ethics import (
    jena_checklist_overview,
    jena_checklist_show,
    jena_checklist_signoff,
    jena_checklist_update,
)
from ckanext.jena.logic.action.release import (
    jena_release_approve,
    jena_release_audit_list,
    jena_release_queue,
    jena_release_request_changes,
    jena_release_show,
    jena_release_submit,
    jena_release_withdraw,
)
from ckanext.jena.logic.action.search import package_search
from ckanext.jena.logic.action.views import (
    resource_view_clear,
    resource_view_create,
    resource_view_delete,
    resource_view_reorder,
    resource_view_update,
)

__all__ = [
    "bulk_update_private",
    "bulk_update_public",
    "jena_checklist_overview",
    "jena_checklist_show",
    "jena_checklist_signoff",
    "jena_checklist_update",
    "jena_release_approve",
    "jena_release_audit_list",
    "jena_release_queue",
    "jena_release_request_changes",
    "jena_release_show",
    "jena_release_submit",
    "jena_release_withdraw",
    "package_create",
    "package_search",
    "package_show",
    "package_update",
    "resource_create",
    "resource_delete",
    "resource_update",
    "resource_view_clear",
    "resource_view_create",
    "resource_view_delete",
    "resource_view_reorder",
    "resource_view_update",
]
