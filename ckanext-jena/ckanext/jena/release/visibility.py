"""THE place that decides whether a dataset under the release workflow is public.

The release state in ``jena_release`` is the only truth. Everything CKAN uses to
decide visibility is derived from it here:

* permission labels (``IPermissionLabels``): ``public`` only for released datasets.
  CKAN 2.12 checks them in ``package_show``/``resource_show`` auth and filters
  ``package_search`` (and so organization/group pages, feeds, autocomplete, DCAT,
  ``current_package_list_with_resources``) and the activity streams by them;
* the ``private`` flag, which the SQL-based channels (``package_list``, counts) read;
  ``apply()`` sets it and the chained ``package_create``/``package_update`` never let
  anyone else set it;
* the search index (``reindex()``) and the labels of stored activities (``apply()``
  takes ``public`` away from old activities of a dataset that is no longer public).

Package types outside ``ckanext.jena.release.dataset_types`` keep CKAN's default rules;
the only such type is ``harvest`` (harvest sources, sysadmins only): ``package_create``
refuses every other type (``logic/action/dataset.py``).
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins as p
import sqlalchemy as sa
from ckan import authz, model
from ckan.lib import search
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.jena import config
from ckanext.jena.release import roles, states, store

log = logging.getLogger(__name__)

PUBLIC_LABEL = "public"


def is_managed_type(dataset_type: str | None) -> bool:
    return (dataset_type or "dataset") in config.release_dataset_types()


def is_managed(package: model.Package) -> bool:
    return is_managed_type(package.type)


def is_public(package: model.Package) -> bool:
    """Is the (approved version of the) dataset visible to everybody?"""
    if package.state != "active":
        return False
    if not is_managed(package):
        return not package.private
    return states.is_public(store.state_of(package.id))


def _restricted_labels(package: model.Package, state: str | None) -> list[str]:
    """Labels of a dataset the public must not see: CKAN's own (department or creator,
    collaborators) plus, once it left the department's drafts, the central data team."""
    labels = []
    if authz.check_config_permission("allow_dataset_collaborators"):
        labels.append(f"collaborator-{package.id}")
    if package.owner_org:
        labels.append(f"member-{package.owner_org}")
    else:
        labels.append(f"creator-{package.creator_user_id}")
    if state in states.REVIEW_VISIBLE_STATES:
        labels.append(roles.REVIEWER_LABEL)
    return labels


class ReleasePermissionLabels(DefaultPermissionLabels):
    """``IPermissionLabels`` derived from the release state (see the module docstring)."""

    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        if not is_managed(dataset_obj):
            return super().get_dataset_labels(dataset_obj)
        state = store.state_of(dataset_obj.id)
        if dataset_obj.state == "active" and states.is_public(state):
            return [PUBLIC_LABEL]
        return _restricted_labels(dataset_obj, state)

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        labels = super().get_user_dataset_labels(user_obj)
        if roles.is_central_team(user_obj):
            labels.append(roles.REVIEWER_LABEL)
        return labels


def dataset_labels(package: model.Package) -> list[str]:
    return ReleasePermissionLabels().get_dataset_labels(package)


def derived_private(package: model.Package) -> bool:
    """The value CKAN's ``private`` flag must have for a managed dataset."""
    return not states.is_public(store.state_of(package.id))


def apply(package: model.Package, *, was_public: bool = True) -> None:
    """Derive ``private`` and the activity labels from the release state (caller commits)."""
    if not is_managed(package):
        return
    public = is_public(package)
    if package.private != (not public):
        package.private = not public
    if was_public and not public:
        _hide_activities(package)


def _hide_activities(package: model.Package) -> None:
    """Activities recorded while the dataset was public lose the ``public`` label."""
    if not p.plugin_loaded("activity"):
        return
    labels = dataset_labels(package)
    model.Session.execute(
        sa.text(
            "UPDATE activity SET permission_labels = :labels "
            "WHERE object_id = :package_id AND permission_labels && ARRAY['public']"
        ),
        {"labels": labels, "package_id": package.id},
    )


def reindex(package_id: str) -> None:
    """Index the dataset as the database now says (labels and ``capacity`` included)."""
    search.rebuild(package_id)


# Reading through the other channels (tags, member lists, activities, followers). Each
# one asks here instead of deciding on its own.


def may_read(context: Any, package_id: str) -> bool:
    """May the user of ``context`` read the dataset (CKAN's ``package_show`` auth, so the labels above)?"""
    name = context.get("user") or ""
    user = context.get("auth_user_obj") or (model.User.get(name) if name else None)
    auth_context = {"user": name, "auth_user_obj": user, "model": model}
    return bool(authz.is_authorized("package_show", auth_context, {"id": package_id}).get("success"))  # type: ignore[arg-type]


def user_labels(context: Any) -> list[str] | None:
    """The permission labels of the user of ``context`` (``None``: a sysadmin, who sees everything)."""
    user = context.get("auth_user_obj") or model.User.get(context.get("user") or "")
    if user is not None and getattr(user, "sysadmin", False):
        return None
    return ReleasePermissionLabels().get_user_dataset_labels(user if isinstance(user, model.User) else None)  # type: ignore[arg-type]


def tag_is_public() -> sa.ColumnElement[bool]:
    """SQL condition on ``model.Tag``: the tag is on at least one public dataset. Tags of
    drafts, datasets in review, embargoed or withdrawn ones and of pending revisions (which
    never reach ``package_tag`` before approval) are not part of the public vocabulary."""
    package, package_tag = model.Package, model.PackageTag
    return (
        sa.select(package_tag.id)
        .join(package, package.id == package_tag.package_id)
        .where(
            package_tag.tag_id == model.Tag.id,
            package_tag.state == "active",
            package.state == "active",
            package.private.is_(False),
        )
        .exists()
    )


def activity_labels(package_id: str) -> list[str] | None:
    """The labels a new activity about the dataset gets (``None``: no such dataset)."""
    package = model.Package.get(package_id)
    return dataset_labels(package) if package is not None else None


def visible_activity_ids(activity_ids: list[str], labels: list[str] | None) -> set[str]:
    """Those of ``activity_ids`` a user with ``labels`` may see. CKAN filters package activities
    by their labels, but lets every other activity about a dataset (e.g. "new resource view")
    through; those are judged here by their own labels (set when they were recorded, see
    ``logic/action/activity.py``), or, for older ones without labels, by the dataset's labels now."""
    if labels is None or not activity_ids or not p.plugin_loaded("activity"):
        return set(activity_ids)
    from ckanext.activity.model import Activity

    rows = model.Session.query(Activity.id, Activity.object_id, Activity.permission_labels).filter(
        Activity.id.in_(activity_ids)
    )
    visible = set()
    wanted = set(labels)
    for activity_id, object_id, stored in rows:
        if stored is None:
            package = model.Package.get(object_id) if object_id else None
            if package is None:
                visible.add(activity_id)  # not about a dataset (users, groups)
                continue
            stored = dataset_labels(package)
        if wanted.intersection(stored):
            visible.add(activity_id)
    return visible
