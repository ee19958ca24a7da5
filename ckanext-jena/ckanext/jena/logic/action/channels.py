"""CKAN's read channels that bypass dataset permissions, chained so that they show only
what the user may read (``release.visibility`` decides):

* tags (``tag_list``, ``tag_search``, ``tag_autocomplete``, ``tag_show``; the
  ``/api/2/util/tag/autocomplete`` endpoint calls ``tag_autocomplete``): only tags of
  public datasets exist for everybody;
* ``member_list`` of an organization or group: only datasets the user may read;
* ``organization_list_for_user`` of somebody else: empty, except for sysadmins;
* followers of a dataset (``dataset_follower_count``, ``am_following_dataset``,
  ``follow_dataset``, ...): a dataset the user may not read does not exist for them;
* activity streams: activities about a dataset that are not package activities (CKAN
  lets "new resource view" and friends through without looking at labels) get the
  dataset's labels when recorded and are filtered by them.

An unreleased dataset answers exactly like a missing one (``ObjectNotFound`` with CKAN's
own message), so outsiders cannot tell them apart.
"""

from __future__ import annotations

import uuid
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.dictization import model_dictize, table_dictize
from ckan.types import Action, Context, DataDict

from ckanext.jena.release import roles, visibility

__all__ = [
    "activity_create",
    "am_following_dataset",
    "dashboard_activity_list",
    "dataset_follower_count",
    "dataset_follower_list",
    "follow_dataset",
    "group_activity_list",
    "member_list",
    "organization_activity_list",
    "organization_list_for_user",
    "package_activity_list",
    "recently_changed_packages_activity_list",
    "tag_autocomplete",
    "tag_list",
    "tag_search",
    "tag_show",
    "unfollow_dataset",
    "user_activity_list",
]


# Tags


def _tag_query(data_dict: DataDict) -> Any:
    """CKAN's tag query (free tags, or the tags of ``vocabulary_id``) restricted to public tags."""
    query = model.Session.query(model.Tag)
    vocabulary_ref = data_dict.get("vocabulary_id")
    if vocabulary_ref:
        vocabulary = model.Vocabulary.get(vocabulary_ref)
        if vocabulary is None:
            return None
        query = query.filter(model.Tag.vocabulary_id == vocabulary.id)
    else:
        query = query.filter(model.Tag.vocabulary_id.is_(None))
    return query.filter(visibility.tag_is_public())


def _search_terms(data_dict: DataDict) -> list[str]:
    terms = data_dict.get("query") or data_dict.get("q") or []
    if isinstance(terms, str):
        terms = [terms]
    terms = [term.strip() for term in terms if isinstance(term, str) and term.strip()]
    fields = data_dict.get("fields") or {}
    if isinstance(fields, dict):
        terms += [value for key, value in fields.items() if key in ("tag", "tags") and isinstance(value, str)]
    return terms


def _tag_search(data_dict: DataDict) -> tuple[list[model.Tag], int]:
    """CKAN's ``_tag_search`` over public tags only."""
    terms = _search_terms(data_dict)
    query = _tag_query(data_dict)
    if query is None or not terms:
        return [], 0
    for term in terms:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.filter(model.Tag.name.ilike(f"%{escaped}%", escape="\\"))
    count = query.count()
    query = query.order_by(model.Tag.name).offset(data_dict.get("offset")).limit(data_dict.get("limit"))
    return query.all(), count


@tk.chained_action
@tk.side_effect_free
def tag_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("tag_list", context, data_dict)
    if _search_terms({"query": data_dict.get("query") or data_dict.get("q")}):
        tags, _count = _tag_search(data_dict)
    else:
        query = _tag_query(data_dict)
        tags = query.order_by(model.Tag.name).all() if query is not None else []
    if tk.asbool(data_dict.get("all_fields")):
        return model_dictize.tag_list_dictize(tags, context)
    return [tag.name for tag in tags]


@tk.chained_action
@tk.side_effect_free
def tag_search(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("tag_search", context, data_dict)
    tags, count = _tag_search(data_dict)
    return {"count": count, "results": [table_dictize(tag, context) for tag in tags]}


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("tag_autocomplete", context, data_dict)
    tags, _count = _tag_search(data_dict)
    return [tag.name for tag in tags]


@tk.chained_action
@tk.side_effect_free
def tag_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    reference = data_dict.get("id")
    tag = model.Tag.get(reference, vocab_id_or_name=data_dict.get("vocabulary_id")) if reference else None
    if tag is not None:
        public = model.Session.query(model.Tag.id).filter(model.Tag.id == tag.id, visibility.tag_is_public())
        if public.first() is None:
            raise tk.ObjectNotFound()
    return up_func(context, data_dict)


# Members of organizations and groups


@tk.chained_action
@tk.side_effect_free
def member_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    members = up_func(context, data_dict)
    return [member for member in members if member[1] != "package" or visibility.may_read(context, member[0])]


# Memberships of people


@tk.chained_action
@tk.side_effect_free
def organization_list_for_user(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Memberships of other people are for sysadmins only (CKAN tells anybody who asks by
    ``id``); others get an empty list, as for a user without memberships (the user page
    counts them this way)."""
    asked = data_dict.get("id")
    if asked:
        tk.check_access("organization_list_for_user", context, data_dict)
        user = roles.user_from_context(context)
        other = model.User.get(asked) if isinstance(asked, str) else None
        if not roles.is_sysadmin(user) and (user is None or other is None or other.id != user.id):
            return []
    return up_func(context, data_dict)


# Followers of a dataset


def _as_if_missing(context: Context, data_dict: DataDict) -> DataDict:
    """``data_dict`` unchanged if the user may read the dataset; otherwise with an id that
    exists nowhere, so CKAN answers exactly as it does for a missing dataset."""
    reference = data_dict.get("id")
    package = model.Package.get(reference) if isinstance(reference, str) and reference else None
    if package is not None and not visibility.may_read(context, package.id):
        return {**data_dict, "id": str(uuid.uuid4())}
    return data_dict


@tk.chained_action
@tk.side_effect_free
def dataset_follower_count(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, _as_if_missing(context, data_dict))


@tk.chained_action
@tk.side_effect_free
def dataset_follower_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, _as_if_missing(context, data_dict))


@tk.chained_action
@tk.side_effect_free
def am_following_dataset(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, _as_if_missing(context, data_dict))


@tk.chained_action
def follow_dataset(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, _as_if_missing(context, data_dict))


@tk.chained_action
def unfollow_dataset(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, _as_if_missing(context, data_dict))


# Activities

_DATASET_ACTIVITY_SUFFIXES = ("resource view",)


@tk.chained_action
def activity_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Activities about a dataset that CKAN records without labels get the dataset's labels."""
    activity_type = data_dict.get("activity_type") or ""
    if data_dict.get("permission_labels") is None and activity_type.endswith(_DATASET_ACTIVITY_SUFFIXES):
        labels = visibility.activity_labels(data_dict.get("object_id") or "")
        if labels is not None:
            data_dict = {**data_dict, "permission_labels": labels}
    return up_func(context, data_dict)


def _visible_activities(context: Context, activities: Any) -> Any:
    if not isinstance(activities, list):
        return activities
    ids = [item["id"] for item in activities if isinstance(item, dict) and item.get("id")]
    visible = visibility.visible_activity_ids(ids, visibility.user_labels(context))
    return [item for item in activities if not isinstance(item, dict) or item.get("id") in visible]


def _filtered(name: str) -> Action:
    @tk.chained_action
    @tk.side_effect_free
    def chained(up_func: Action, context: Context, data_dict: DataDict) -> Any:
        return _visible_activities(context, up_func(context, data_dict))

    chained.__name__ = name
    chained.__doc__ = f"CKAN's ``{name}`` without activities of datasets the user may not read."
    return chained


dashboard_activity_list = _filtered("dashboard_activity_list")
group_activity_list = _filtered("group_activity_list")
organization_activity_list = _filtered("organization_activity_list")
package_activity_list = _filtered("package_activity_list")
recently_changed_packages_activity_list = _filtered("recently_changed_packages_activity_list")
user_activity_list = _filtered("user_activity_list")
