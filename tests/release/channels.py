"""What an anonymous visitor can see of one dataset, channel by channel.

Every public way into the portal that could reveal a dataset: the Action API
(show, search, lists, autocomplete, organization and group, activity streams, the
quality score, the freshness facet and the usage counts of data management) and
the pages (dataset page, search page, organization page, feeds, DCAT catalog and
dataset documents, the autocomplete endpoint). ``observe`` asks each of them, as
nobody in particular, and reports whether the dataset showed up and what text it
carried (to find content of pending revisions).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ckan import model
from ckan.lib.redis import connect_to_redis
from ckan.tests.helpers import call_action

from ckanext.jena.usage import counting, store

API_CHANNELS = (
    "package_show",
    "resource_show",
    "package_search",
    "package_search_private",
    "package_list",
    "current_package_list_with_resources",
    "package_autocomplete",
    "tag_list",
    "resource_view_list",
    "organization_show",
    "group_show",
    "group_package_show",
    "group_activity_list",
    "package_activity_list",
    "organization_activity_list",
    "recently_changed_packages_activity_list",
    "jena_quality_show",
    "freshness_facet",
    "usage_counts",
)
PAGE_CHANNELS = (
    "dataset_page",
    "search_page",
    "organization_page",
    "group_page",
    "feed_dataset",
    "feed_organization",
    "autocomplete_endpoint",
    "dcat_dataset",
    "dcat_catalog",
)
ALL_CHANNELS = API_CHANNELS + PAGE_CHANNELS
# Activities recorded while a dataset was a draft stay with its department, so a freshly
# released dataset may have no public activity yet: these channels must hide unreleased
# datasets but need not show released ones.
ACTIVITY_CHANNELS = (
    "package_activity_list",
    "organization_activity_list",
    "group_activity_list",
    "recently_changed_packages_activity_list",
)
DISCOVERY_CHANNELS = tuple(name for name in ALL_CHANNELS if name not in ACTIVITY_CHANNELS)
# One channel per mechanism that decides visibility: permission labels checked on read
# (package_show), labels in the search index (package_search), the private flag in SQL
# (package_list) and the labels of activities. (Pages cost a template rendering each,
# about 0.2 s even for a 404, so they are left to the full sweep.)
QUICK_CHANNELS = (
    "package_show",
    "package_search_private",
    "package_list",
    "package_activity_list",
    "recently_changed_packages_activity_list",
)


@dataclass
class Observation:
    visible: dict[str, bool] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # number of public datasets of the department, as the lists and pages count them
    counts: dict[str, int] = field(default_factory=dict)

    def showing(self) -> list[str]:
        return sorted(name for name, seen in self.visible.items() if seen)

    def hiding(self) -> list[str]:
        return sorted(name for name, seen in self.visible.items() if not seen)

    def leaking(self, marker: str) -> list[str]:
        return sorted(name for name, text in self.texts.items() if marker in text)


def _anonymous() -> dict[str, Any]:
    return {"user": "", "ignore_auth": False}


def _call(name: str, **data: Any) -> Any:
    try:
        return call_action(name, _anonymous(), **data)
    except Exception as error:  # NotAuthorized / ObjectNotFound: the channel does not show it
        if type(error).__name__ in ("NotAuthorized", "NotFound"):
            return None
        raise


def _api(obs: Observation, dataset: dict[str, Any], organization: dict[str, Any], group: dict[str, Any] | None) -> None:
    package_id, name, title = dataset["id"], dataset["name"], dataset["title"]
    shown = _call("package_show", id=package_id)
    obs.visible["package_show"] = shown is not None
    obs.texts["package_show"] = json.dumps(shown or {}, ensure_ascii=False)
    resource_ids = [resource.get("id") for resource in dataset.get("resources", []) if resource.get("id")]
    obs.visible["resource_show"] = bool(resource_ids) and _call("resource_show", id=resource_ids[0]) is not None
    for channel, extra in (
        ("package_search", {}),
        ("package_search_private", {"include_private": True, "include_drafts": True}),
    ):
        result = _call("package_search", q=f"name:{name}", **extra) or {"results": []}
        obs.visible[channel] = any(item["id"] == package_id for item in result["results"])
        obs.texts[channel] = json.dumps(result["results"], ensure_ascii=False)
    obs.visible["package_list"] = name in (_call("package_list") or [])
    # newest first: the dataset under test was created last
    current = _call("current_package_list_with_resources", limit=10) or []
    obs.visible["current_package_list_with_resources"] = any(item["id"] == package_id for item in current)
    obs.texts["current_package_list_with_resources"] = json.dumps(current, ensure_ascii=False)
    completions = _call("package_autocomplete", q=title.split()[0], limit=1000) or []
    obs.visible["package_autocomplete"] = any(item["name"] == name for item in completions)
    # tags: the dataset's own tags are in the public vocabulary only while it is released
    own_tags = [tag["name"] for tag in dataset.get("tags", [])]
    tags = _call("tag_list") or []
    obs.visible["tag_list"] = bool(own_tags) and any(tag in tags for tag in own_tags)
    obs.texts["tag_list"] = json.dumps(tags, ensure_ascii=False)
    # resource views (CKAN creates the default ones; none is also an answer)
    views = _call("resource_view_list", id=resource_ids[0]) if resource_ids else None
    obs.visible["resource_view_list"] = views is not None
    obs.texts["resource_view_list"] = json.dumps(views or [], ensure_ascii=False)
    org = _call("organization_show", id=organization["id"], include_datasets=True) or {"packages": []}
    obs.visible["organization_show"] = any(item["id"] == package_id for item in org.get("packages", []))
    obs.counts["organization_show"] = org.get("package_count", 0)
    orgs = _call("organization_list", all_fields=True, include_dataset_count=True) or []
    counts = {item["name"]: item.get("package_count", 0) for item in orgs}
    obs.counts["organization_list"] = counts.get(organization["name"], 0)
    if group is not None:
        shown_group = _call("group_show", id=group["id"], include_datasets=True) or {"packages": []}
        obs.visible["group_show"] = any(item["id"] == package_id for item in shown_group.get("packages", []))
        packages = _call("group_package_show", id=group["id"], limit=1000) or []
        obs.visible["group_package_show"] = any(item["id"] == package_id for item in packages)
        group_activities = _call("group_activity_list", id=group["id"], limit=100) or []
        obs.visible["group_activity_list"] = any(item["object_id"] == package_id for item in group_activities)
        obs.texts["group_activities"] = json.dumps(group_activities, ensure_ascii=False, default=str)
    activities = _call("package_activity_list", id=package_id) or []
    obs.visible["package_activity_list"] = bool(activities)
    _data_management(obs, dataset)
    org_activities = _call("organization_activity_list", id=organization["id"], limit=100) or []
    obs.visible["organization_activity_list"] = any(item["object_id"] == package_id for item in org_activities)
    recent = _call("recently_changed_packages_activity_list", limit=100) or []
    obs.visible["recently_changed_packages_activity_list"] = any(item["object_id"] == package_id for item in recent)
    obs.texts["activities"] = json.dumps([org_activities, recent, activities], ensure_ascii=False, default=str)


def _data_management(obs: Observation, dataset: dict[str, Any]) -> None:
    """Issue 16: the MQA score and the freshness state (a facet of the search index)."""
    quality = _call("jena_quality_show", id=dataset["id"])
    obs.visible["jena_quality_show"] = quality is not None
    obs.texts["jena_quality_show"] = json.dumps(quality or {}, ensure_ascii=False)
    found = _call("package_search", q=f"name:{dataset['name']}", **{"facet.field": '["jena_freshness"]'}) or {}
    items = ((found.get("search_facets") or {}).get("jena_freshness") or {}).get("items") or []
    obs.visible["freshness_facet"] = sum(item["count"] for item in items) > 0
    obs.texts["freshness_facet"] = json.dumps(items, ensure_ascii=False)
    obs.visible["usage_counts"] = _counted(dataset)


def _counted(dataset: dict[str, Any]) -> bool:
    """Issue 16: does a page view counted for the dataset reach the usage table (and so the home
    page's "Meistgenutzt", the search sort and the cockpit)? Only while it is released."""
    connect_to_redis().hincrby(counting.PENDING, f"{store.today().isoformat()}|view|{dataset['name']}|", 1)
    before = store.recent(dataset["id"]).views
    store.flush()
    return store.recent(dataset["id"]).views > before


def _page(app: Any, url: str) -> tuple[int, str]:
    response = app.get(url)
    return response.status_code, response.get_data(as_text=True)


def _pages(
    obs: Observation, app: Any, dataset: dict[str, Any], organization: dict[str, Any], group: dict[str, Any] | None
) -> None:
    package_id, name, title = dataset["id"], dataset["name"], dataset["title"]
    status, body = _page(app, f"/dataset/{name}")
    obs.visible["dataset_page"] = status == 200
    obs.texts["dataset_page"] = body if status == 200 else ""
    for channel, url in (
        ("search_page", f"/dataset/?q=name:{name}"),
        ("organization_page", f"/organization/{organization['name']}"),
        ("feed_dataset", "/feeds/dataset.atom"),
        ("feed_organization", f"/feeds/organization/{organization['name']}.atom"),
        ("autocomplete_endpoint", f"/api/2/util/dataset/autocomplete?incomplete={title.split()[0]}"),
        ("dcat_catalog", "/catalog.ttl"),
    ):
        status, body = _page(app, url)
        obs.visible[channel] = status == 200 and (
            f"/dataset/{name}" in body or f'"{name}"' in body or package_id in body
        )
        obs.texts[channel] = body
    if group is not None:
        status, body = _page(app, f"/group/{group['name']}")
        obs.visible["group_page"] = status == 200 and f"/dataset/{name}" in body
    status, body = _page(app, f"/dataset/{package_id}.ttl")
    obs.visible["dcat_dataset"] = status == 200
    obs.texts["dcat_dataset"] = body if status == 200 else ""


def observe_quick(dataset: dict[str, Any]) -> Observation:
    """Ask one channel per visibility mechanism (``QUICK_CHANNELS``) about ``dataset``."""
    model.Session.rollback()
    obs = Observation()
    package_id, name = dataset["id"], dataset["name"]
    shown = _call("package_show", id=package_id)
    obs.visible["package_show"] = shown is not None
    obs.texts["package_show"] = json.dumps(shown or {}, ensure_ascii=False)
    result = _call("package_search", q=f"name:{name}", include_private=True, include_drafts=True) or {"results": []}
    obs.visible["package_search_private"] = any(item["id"] == package_id for item in result["results"])
    obs.texts["package_search_private"] = json.dumps(result["results"], ensure_ascii=False)
    obs.visible["package_list"] = name in (_call("package_list") or [])
    activities = _call("package_activity_list", id=package_id) or []
    obs.visible["package_activity_list"] = bool(activities)
    recent = _call("recently_changed_packages_activity_list", limit=20) or []
    obs.visible["recently_changed_packages_activity_list"] = any(item["object_id"] == package_id for item in recent)
    obs.texts["activities"] = json.dumps([activities, recent], ensure_ascii=False, default=str)
    model.Session.rollback()
    return obs


def observe(
    app: Any,
    dataset: dict[str, Any],
    organization: dict[str, Any],
    group: dict[str, Any] | None = None,
    *,
    pages: bool = True,
) -> Observation:
    """Ask every public channel, as an anonymous visitor, about ``dataset``."""
    model.Session.rollback()  # see what is committed, as another request would
    obs = Observation()
    _api(obs, dataset, organization, group)
    if pages:
        _pages(obs, app, dataset, organization, group)
    model.Session.rollback()
    return obs
