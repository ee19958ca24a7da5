"""Pending revisions: edits of a published dataset wait in ``jena_release.revision_data``.

The package itself (and so the search index, the API, DCAT, the activity stream) keeps
the approved version until a reviewer approves the revision. An edit is validated
exactly as ``package_update`` would validate it (a dry run of CKAN's own action inside
a savepoint that is always rolled back, without touching the search index), and what
is stored is the dataset as ``package_show`` would return it after the change.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model, types

from ckanext.jena import signals
from ckanext.jena.model import JenaRelease
from ckanext.jena.release import audit, clock, diff, roles, states, store
from ckanext.jena.translation import N_

log = logging.getLogger(__name__)

# Context flags: an approved revision is being applied / an edit is being dry-run.
APPLYING_KEY = "jena_release_applying"
DRY_RUN_KEY = "jena_release_dry_run"


def approved_version(package: model.Package) -> dict[str, Any]:
    """The dataset as the package tables hold it (the approved version once published)."""
    return tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False, "for_view": False}, {"id": package.id}
    )


def pending(package_id: str) -> dict[str, Any] | None:
    release = store.get(package_id)
    if release is None or release.state not in states.REVISION_STATES:
        return None
    return release.revision_data


def editable_version(package: model.Package) -> dict[str, Any]:
    """What an editor continues from: the pending revision if there is one."""
    proposed = pending(package.id)
    return copy.deepcopy(proposed) if proposed is not None else approved_version(package)


def _reject_uploads(data_dict: dict[str, Any]) -> None:
    for resource in data_dict.get("resources") or []:
        upload = resource.get("upload")
        if upload is not None and not isinstance(upload, str) and getattr(upload, "filename", None):
            raise tk.ValidationError(
                {
                    "upload": [
                        tk._(
                            "Dateien können einem veröffentlichten Datensatz nur direkt über die Datenverwaltung "
                            "hinzugefügt werden; bitte geben Sie für die Änderung eine URL an."
                        )
                    ]
                }
            )


def _reject_rename(package: model.Package, data_dict: dict[str, Any]) -> None:
    name = data_dict.get("name")
    if name and name != package.name:
        raise tk.ValidationError(
            {
                "name": [
                    tk._(
                        "Die Adresse (URL) eines veröffentlichten Datensatzes "
                        "bleibt stabil und kann nicht geändert werden."
                    )
                ]
            }
        )


def _dry_run(update: types.Action, context: types.Context, data_dict: dict[str, Any]) -> dict[str, Any]:
    """CKAN's own package_update, validated and rolled back: returns the would-be package_show."""
    dry: Any = dict(context)
    for key in ("original_package", "return_id_only", "package"):
        dry.pop(key, None)
    dry.update({"defer_commit": True, DRY_RUN_KEY: True})
    savepoint = model.Session.begin_nested()
    try:
        return update(dry, copy.deepcopy(data_dict))
    finally:
        if savepoint.is_active:
            savepoint.rollback()


def _same_content(approved: dict[str, Any], proposed: dict[str, Any]) -> bool:
    return not diff.compare(approved, proposed)


def save(
    update: types.Action, context: types.Context, package: model.Package, data_dict: dict[str, Any]
) -> dict[str, Any]:
    """``package_update`` of a published dataset: store the change as a pending revision."""
    context["package"] = package  # as CKAN's package_update: group checks compare with the package
    tk.check_access("package_update", context, data_dict)
    data_dict["id"] = package.id
    _reject_uploads(data_dict)
    _reject_rename(package, data_dict)
    proposed = _dry_run(update, context, data_dict)
    actor = roles.user_from_context(context)
    approved = approved_version(package)
    try:
        release = store.get_or_create(package, lock=True)
        from_state = release.state
        if from_state not in states.PUBLIC_STATES:
            raise tk.ValidationError(
                {
                    "state": [tk._("Der Datensatz ist nicht mehr veröffentlicht; bitte laden Sie die Seite neu.")],
                    "current_state": [from_state],
                }
            )
        if _same_content(approved, proposed):
            # Nothing differs from the approved version (any more): no revision to review.
            release.state = states.PUBLISHED
            release.revision_data = None
            store.clear_contributors(release)
            comment = N_("Die ausstehende Änderung wurde zurückgenommen.")
            result = approved
        else:
            release.state = states.after_edit(from_state)
            release.revision_data = proposed
            release.last_editor = actor.id if actor else None
            release.last_edited_at = clock.now()
            store.add_contributor(release, release.last_editor)
            comment = N_(
                "Änderung an einem veröffentlichten Datensatz begonnen; die "
                "veröffentlichte Fassung bleibt bis zur Freigabe sichtbar."
            )
            result = proposed
        event = None
        if release.state != from_state:
            event = store.add_event(
                release,
                package,
                action=states.EDIT,
                actor_id=actor.id if actor else None,
                from_state=from_state,
                comment=comment,
            )
        model.Session.commit()
    except BaseException:
        model.Session.rollback()
        raise
    if event is not None:
        signals.release_transition.send(states.EDIT, event=audit.event_dict(event))
    return result


def apply(package: model.Package, release: JenaRelease, actor: model.User) -> list[str]:
    """Write an approved revision to the package (commits); returns the changed fields."""
    from ckanext.jena.tables import dictionary

    proposed = copy.deepcopy(release.revision_data or {})
    changed = [entry["field"] for entry in diff.compare(approved_version(package), proposed)]
    proposed.pop("metadata_modified", None)
    dictionaries = dictionary.take_pending(proposed)  # written to the tables, not to the resources
    author = model.User.get(release.last_editor) if release.last_editor else None
    context: Any = {"user": (author or actor).name, "ignore_auth": True, APPLYING_KEY: True}
    try:
        tk.get_action("package_update")(context, proposed)
    except tk.ValidationError as error:
        raise tk.ValidationError(
            {
                "revision": [
                    tk._(
                        "Die Änderung erfüllt die Regeln des Datensatzschemas "
                        "nicht mehr und kann nicht übernommen werden."
                    )
                ],
                **error.error_dict,
            }
        ) from error
    for resource_id, entries in dictionaries.items():
        dictionary.write(resource_id, entries)
    return changed


def for_edit(package_id: str, context: types.Context) -> dict[str, Any] | None:
    """The pending revision for an edit form or a patch by someone who may edit, else None."""
    proposed = pending(package_id)
    if proposed is None:
        return None
    user = roles.user_from_context(context)
    if not roles.can_edit(user, package_id):
        return None
    return copy.deepcopy(proposed)
