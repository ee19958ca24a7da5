"""Emails of the release workflow, sent through CKAN's mailer (and so through any
``INotifier`` plugin): to the reviewers when a dataset is submitted, to its authors
when it is decided on. Subscribed to ``ckanext.jena.signals.release_transition``.

A mail that cannot be sent is logged and never undoes the (already committed) transition.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import mailer
from flask_babel import force_locale

from ckanext.jena import config
from ckanext.jena.model import JenaRelease
from ckanext.jena.release import roles, states, store, template_helpers

log = logging.getLogger(__name__)

DECISIONS = frozenset({states.APPROVE, states.REQUEST_CHANGES, states.WITHDRAW, states.PUBLISH})


def _authors(release: JenaRelease) -> list[model.User]:
    ids = [user_id for user_id in (release.submitted_by, release.last_editor) if user_id]
    users = {
        user.id: user
        for user in (model.User.get(user_id) for user_id in ids)
        if user is not None and user.state == "active"
    }
    return list(users.values())


def recipients(action: str, event: dict[str, Any]) -> list[model.User]:
    """Who hears about ``action``: reviewers on submit, authors on a decision; never the actor."""
    release = store.get(event["package_id"])
    if release is None:
        return []
    if action == states.SUBMIT:
        users = roles.reviewers_of(event["organization_id"])
    elif action in DECISIONS:
        users = _authors(release)
    else:
        return []
    return [user for user in users if user.id != event["user_id"] and user.email]


def _url(endpoint: str, **values: Any) -> str:
    return tk.h.url_for(endpoint, _external=True, **values)


def _date(value: str | None) -> str:
    return template_helpers.jena_release_date(value, with_hours=True)


def compose(action: str, event: dict[str, Any]) -> tuple[str, str]:
    """Subject and plain-text body of the mail about ``event``, in the current language."""
    site = tk.config.get("ckan.site_title")
    title = event["package_title"] or event["package_name"]
    actor = event["user_name"] or tk._("Das Portal")
    link = _url("jena_release.show", id=event["package_name"] or event["package_id"])
    comment = event.get("comment") or ""
    if action == states.SUBMIT:
        subject = tk._("Zur Prüfung: „{title}“").format(title=title)
        text = tk._("{actor} hat den Datensatz „{title}“ zur Prüfung eingereicht.").format(actor=actor, title=title)
    elif action == states.APPROVE and event["to_state"] == states.APPROVED:
        subject = tk._("Freigegeben: „{title}“").format(title=title)
        text = tk._("{actor} hat den Datensatz „{title}“ freigegeben. Er wird am {date} veröffentlicht.").format(
            actor=actor, title=title, date=_date(event["release_at"])
        )
    elif action == states.APPROVE:
        subject = tk._("Veröffentlicht: „{title}“").format(title=title)
        text = tk._("{actor} hat den Datensatz „{title}“ freigegeben; er ist jetzt veröffentlicht.").format(
            actor=actor, title=title
        )
    elif action == states.PUBLISH:
        subject = tk._("Veröffentlicht: „{title}“").format(title=title)
        text = tk._("Der Datensatz „{title}“ wurde zum geplanten Termin veröffentlicht.").format(title=title)
    elif action == states.REQUEST_CHANGES:
        subject = tk._("Änderungen angefordert: „{title}“").format(title=title)
        text = tk._("{actor} bittet um Änderungen am Datensatz „{title}“.").format(actor=actor, title=title)
    else:
        subject = tk._("Zurückgezogen: „{title}“").format(title=title)
        text = tk._("{actor} hat den Datensatz „{title}“ zurückgezogen.").format(actor=actor, title=title)
    parts = [text]
    if comment:
        parts.append(tk._("Kommentar:") + "\n" + tk._(comment))  # system comments are German msgids
    parts.append(tk._("Zum Datensatz: {link}").format(link=link))
    parts.append(tk._("Meine Aufgaben: {link}").format(link=_url("jena_release.tasks")))
    return f"[{site}] {subject}", "\n\n".join(parts) + "\n"


def mail_configured() -> bool:
    """CKAN's mailer sends through an INotifier plugin or, failing that, ``smtp.server``."""
    return bool(tk.config.get("smtp.server")) or any(True for _ in p.PluginImplementations(p.INotifier))


def mail_enabled() -> bool:
    """Do transitions send mails at all? (Pages must not claim a mail went out otherwise.)"""
    return config.release_notify() and mail_configured()


def on_transition(sender: str, **kwargs: Any) -> None:
    if not mail_enabled():
        return
    event = kwargs.get("event")
    if not event:
        return
    users = recipients(sender, event)
    if not users:
        return
    try:
        # In the portal's language, not in that of the acting user's request: CKAN keeps no
        # language per user, and the recipients are the city's staff.
        with force_locale(tk.config.get("ckan.locale_default") or "de"):
            subject, body = compose(sender, event)
    except Exception:
        log.exception("Could not compose the release notification for %s", event.get("package_id"))
        return
    for user in users:
        try:
            mailer.mail_recipient(user.display_name, user.email, subject, body)
        except Exception:
            # Whatever the mail set-up does wrong, the transition itself is done and stays done.
            log.warning("Release notification to %s not sent", user.name, exc_info=True)
