"""Auth functions of ckanext-jena, registered through ``tk.blanket.auth_functions``
(every name in ``__all__``; add your module's names here)."""

from __future__ import annotations

from ckanext.jena.logic.auth.collaborators import package_collaborator_list
from ckanext.jena.logic.auth.dataset import package_create, package_delete, package_update
from ckanext.jena.logic.auth.ethics import (
    jena_checklist_overview,
    jena_checklist_show,
    jena_checklist_signoff,
    jena_checklist_update,
)
from ckanext.jena.logic.auth.links import jena_link_status_show
from ckanext.jena.logic.auth.quality import (
    jena_digest_subscription_show,
    jena_digest_subscription_update,
    jena_freshness_confirm,
    jena_quality_report,
    jena_quality_show,
)
from ckanext.jena.logic.auth.release import (
    jena_release_approve,
    jena_release_audit_list,
    jena_release_queue,
    jena_release_request_changes,
    jena_release_show,
    jena_release_submit,
    jena_release_withdraw,
)
from ckanext.jena.logic.auth.sensor_feeds import (
    jena_sensor_feed_create,
    jena_sensor_feed_delete,
    jena_sensor_feed_list,
    jena_sensor_feed_rotate,
    jena_sensor_feed_update,
)
from ckanext.jena.logic.auth.tables import jena_data_dictionary_update
from ckanext.jena.tables.write_guard import (
    datastore_create,
    datastore_delete,
    datastore_records_delete,
    datastore_upsert,
)

__all__ = [
    "datastore_create",
    "datastore_delete",
    "datastore_records_delete",
    "datastore_upsert",
    "jena_checklist_overview",
    "jena_checklist_show",
    "jena_checklist_signoff",
    "jena_checklist_update",
    "jena_data_dictionary_update",
    "jena_digest_subscription_show",
    "jena_digest_subscription_update",
    "jena_freshness_confirm",
    "jena_link_status_show",
    "jena_quality_report",
    "jena_quality_show",
    "jena_release_approve",
    "jena_release_audit_list",
    "jena_release_queue",
    "jena_release_request_changes",
    "jena_release_show",
    "jena_release_submit",
    "jena_release_withdraw",
    "jena_sensor_feed_create",
    "jena_sensor_feed_delete",
    "jena_sensor_feed_list",
    "jena_sensor_feed_rotate",
    "jena_sensor_feed_update",
    "package_collaborator_list",
    "package_create",
    "package_delete",
    "package_update",
]
