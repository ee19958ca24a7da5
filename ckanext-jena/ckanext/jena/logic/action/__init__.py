"""Actions of ckanext-jena, registered through ``tk.blanket.actions`` (every name in
``__all__``; add your module's names here). Chained core actions keep the core name."""

from __future__ import annotations

from ckanext.jena.logic.action.channels import (
    activity_create,
    am_following_dataset,
    dashboard_activity_list,
    dataset_follower_count,
    dataset_follower_list,
    follow_dataset,
    group_activity_list,
    member_list,
    organization_activity_list,
    organization_list_for_user,
    package_activity_list,
    recently_changed_packages_activity_list,
    tag_autocomplete,
    tag_list,
    tag_search,
    tag_show,
    unfollow_dataset,
    user_activity_list,
)
from ckanext.jena.logic.action.dataset import (
    bulk_update_private,
    bulk_update_public,
    package_create,
    package_show,
    package_update,
    resource_create,
    resource_delete,
    resource_show,
    resource_update,
)
from ckanext.jena.logic.action.ethics import (
    jena_checklist_overview,
    jena_checklist_show,
    jena_checklist_signoff,
    jena_checklist_update,
)
from ckanext.jena.logic.action.harvest_jobs import harvest_job_abort, harvest_object_create
from ckanext.jena.logic.action.links import jena_link_status_show
from ckanext.jena.logic.action.members import group_member_delete, organization_member_delete
from ckanext.jena.logic.action.quality import jena_freshness_confirm, jena_quality_report, jena_quality_show
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
from ckanext.jena.logic.action.sensor_feeds import (
    datastore_upsert,
    jena_sensor_feed_create,
    jena_sensor_feed_delete,
    jena_sensor_feed_list,
    jena_sensor_feed_rotate,
    jena_sensor_feed_update,
)
from ckanext.jena.logic.action.tables import jena_data_dictionary_update
from ckanext.jena.logic.action.views import (
    resource_view_clear,
    resource_view_create,
    resource_view_delete,
    resource_view_reorder,
    resource_view_update,
)

__all__ = [
    "activity_create",
    "am_following_dataset",
    "bulk_update_private",
    "bulk_update_public",
    "dashboard_activity_list",
    "dataset_follower_count",
    "dataset_follower_list",
    "datastore_upsert",
    "follow_dataset",
    "group_activity_list",
    "group_member_delete",
    "harvest_job_abort",
    "harvest_object_create",
    "jena_checklist_overview",
    "jena_checklist_show",
    "jena_checklist_signoff",
    "jena_checklist_update",
    "jena_data_dictionary_update",
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
    "member_list",
    "organization_activity_list",
    "organization_list_for_user",
    "organization_member_delete",
    "package_activity_list",
    "package_create",
    "package_search",
    "package_show",
    "package_update",
    "recently_changed_packages_activity_list",
    "resource_create",
    "resource_delete",
    "resource_show",
    "resource_update",
    "resource_view_clear",
    "resource_view_create",
    "resource_view_delete",
    "resource_view_reorder",
    "resource_view_update",
    "tag_autocomplete",
    "tag_list",
    "tag_search",
    "tag_show",
    "unfollow_dataset",
    "user_activity_list",
]
