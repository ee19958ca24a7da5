"""The weekly data-management e-mail (issue 16, part 6): to each responsible person and each
department admin, their overdue datasets, defective links and the reviews waiting for them.

Nothing is sent to someone with nothing to do, without an e-mail address, with a deactivated
account or who turned it off ("Wöchentliche Übersicht per E-Mail" on their profile page,
``jena_digest_opt_out``). The contents come from the cockpit's report (``report.build``, read
with SQL from the cockpit state: only the rows with something to do) over all departments,
read as the central team reads them (released and in-review datasets, no department's drafts).
Scheduled weekly in the job worker (``WEEKLY``); ``ckan jena digest send`` sends at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import mailer
from flask_babel import force_locale

from ckanext.jena import config
from ckanext.jena.model import JenaDigestOptOut, JenaRelease
from ckanext.jena.recurring import Recurring
from ckanext.jena.release import clock, roles, states

from . import report, responsible

__all__ = ["WEEKLY", "Digest", "Summary", "collect", "compose", "is_subscribed", "queue_weekly", "send", "subscribe"]

log = logging.getLogger(__name__)


@dataclass
class Digest:
    """What one person hears about (report rows, most urgent first)."""

    user: model.User
    overdue: list[dict[str, Any]] = field(default_factory=list)
    broken: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.overdue or self.broken or self.reviews)

    def add(self, kind: str, row: dict[str, Any]) -> None:
        rows = getattr(self, kind)
        if all(existing["id"] != row["id"] for existing in rows):
            rows.append(row)


@dataclass
class Summary:
    recipients: int = 0
    sent: int = 0
    failed: int = 0
    opted_out: int = 0

    def text(self) -> str:
        return (
            f"{self.recipients} recipient(s) with something to do: {self.sent} sent, {self.failed} failed; "
            f"{self.opted_out} opted out"
        )


def is_subscribed(user_id: str) -> bool:
    return model.Session.get(JenaDigestOptOut, user_id) is None


def subscribe(user_id: str, wanted: bool) -> None:
    """Turn the weekly e-mail of ``user_id`` on or off (commits)."""
    row = model.Session.get(JenaDigestOptOut, user_id)
    if wanted and row is not None:
        model.Session.delete(row)
    elif not wanted and row is None:
        model.Session.add(JenaDigestOptOut(user_id=user_id, opted_out_at=clock.now()))
    model.Session.commit()


def _admins(organization_ids: list[str]) -> dict[str, list[model.User]]:
    rows = (
        model.Session.query(model.Member.group_id, model.User)
        .join(model.User, model.User.id == model.Member.table_id)
        .filter(
            model.Member.group_id.in_(organization_ids or [""]),
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity == "admin",
            model.User.state == "active",
        )
    )
    found: dict[str, list[model.User]] = {}
    for group_id, user in rows:
        found.setdefault(group_id, []).append(user)
    return found


def _central_scope() -> report.Scope:
    site_user = model.User.get(tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"])
    assert site_user is not None
    departments = report.viewer_scope(site_user, None)
    return departments if departments is not None else report.Scope(site_user, True, [])


def collect(now: dt.datetime | None = None) -> list[Digest]:
    """Everybody with something to do (opted-out people included; ``send`` leaves them out)."""
    moment = now or clock.now()
    rows = report.build(_central_scope(), moment, summary=False, work_list=report.DIGEST)["datasets"]
    admins = _admins(sorted({row["organization"]["id"] for row in rows}))
    people = responsible.of_packages([row["id"] for row in rows])
    waiting = [row["id"] for row in rows if row["release"]["state"] in states.AWAITING_REVIEW]
    releases = {
        r.package_id: r for r in model.Session.query(JenaRelease).filter(JenaRelease.package_id.in_(waiting or [""]))
    }
    digests: dict[str, Digest] = {}

    def digest_of(user: model.User) -> Digest:
        return digests.setdefault(user.id, Digest(user))

    for row in rows:
        department_admins = admins.get(row["organization"]["id"], [])
        person = people.get(row["id"])
        interested = [*department_admins, *([person] if person is not None and person.state == "active" else [])]
        for user in interested:
            if row["freshness"]["state"] == "overdue":
                digest_of(user).add("overdue", row)
            if row["broken_links"]:
                digest_of(user).add("broken", row)
        release = releases.get(row["id"])
        if release is not None:
            for admin in department_admins:
                if roles.four_eyes_conflict(admin, release) is None:
                    digest_of(admin).add("reviews", row)
    found = [d for d in digests.values() if not d.empty() and d.user.email and d.user.state == "active"]
    return sorted(found, key=lambda d: d.user.name)


def _url(endpoint: str, **values: Any) -> str:
    return tk.h.url_for(endpoint, _external=True, **values)


def _section(title: str, rows: list[dict[str, Any]], detail: Callable[[dict[str, Any]], str], link: Callable) -> str:
    lines = [f"{title} ({len(rows)}):"]
    for row in rows:
        department = row["organization"]["title"] or row["organization"]["name"]
        lines.append(f"- {row['title']} ({department}): {detail(row)}\n  {link(row)}")
    return "\n".join(lines)


def compose(digest: Digest) -> tuple[str, str]:
    """Subject and plain-text body, in the current language."""
    site = tk.config.get("ckan.site_title")

    def read(row: dict[str, Any]) -> str:
        return _url(f"{row['type']}.read", id=row["name"])

    parts = [
        tk._("Guten Tag {name},").format(name=digest.user.fullname or digest.user.name),
        tk._("Ihre wöchentliche Übersicht aus dem Datenmanagement:"),
    ]
    if digest.overdue:
        parts.append(
            _section(
                tk._("Überfällige Aktualisierungen"),
                digest.overdue,
                lambda r: tk.ungettext(
                    "überfällig seit {n} Tag", "überfällig seit {n} Tagen", r["freshness"]["overdue_days"]
                ).format(n=r["freshness"]["overdue_days"]),
                read,
            )
        )
    if digest.broken:
        parts.append(
            _section(
                tk._("Defekte Links"),
                digest.broken,
                lambda r: tk.ungettext("{n} defekter Link", "{n} defekte Links", r["broken_links"]).format(
                    n=r["broken_links"]
                ),
                read,
            )
        )
    if digest.reviews:
        parts.append(
            _section(
                tk._("Offene Prüfungen"),
                digest.reviews,
                lambda r: tk.ungettext("wartet seit {n} Tag", "wartet seit {n} Tagen", r["review_waiting_days"]).format(
                    n=r["review_waiting_days"]
                ),
                lambda r: _url("jena_release.show", id=r["name"]),
            )
        )
    parts.append(tk._("Zum Datenmanagement: {link}").format(link=_url("jena_cockpit.page")))
    parts.append(
        tk._(
            "Sie erhalten diese E-Mail, weil Sie für Datensätze verantwortlich sind oder einen Fachbereich "
            "verwalten. Abbestellen: „Wöchentliche Übersicht per E-Mail“ in Ihrem Profil, {link}"
        ).format(link=_url("user.edit", id=digest.user.name))
    )
    subject = tk._("Datenmanagement: Ihre wöchentliche Übersicht")
    return f"[{site}] {subject}", "\n\n".join(parts) + "\n"


def send(
    now: dt.datetime | None = None,
    dry_run: bool = False,
    on_start: Callable[[int], None] | None = None,
    progress: Callable[[Digest, bool], None] | None = None,
) -> Summary:
    """Send the weekly e-mails (``dry_run``: compose, send nothing); ``progress(digest, sent)`` per recipient."""
    from ckanext.jena.release.notifications import mail_configured

    summary = Summary()
    digests = collect(now)
    wanted = [d for d in digests if is_subscribed(d.user.id)]
    summary.opted_out = len(digests) - len(wanted)
    summary.recipients = len(wanted)
    if on_start is not None:
        on_start(len(wanted))
    if not dry_run and not mail_configured():
        log.warning("Weekly digest: no mail server configured (smtp.server), nothing sent")
        dry_run = True
    for digest in wanted:
        sent = False
        try:
            with force_locale(tk.config.get("ckan.locale_default") or "de"):
                subject, body = compose(digest)
            if not dry_run:
                mailer.mail_recipient(digest.user.display_name, digest.user.email, subject, body)
                sent = True
                summary.sent += 1
        except Exception:
            summary.failed += 1
            log.warning("Weekly digest to %s not sent", digest.user.name, exc_info=True)
        if progress is not None:
            progress(digest, sent)
    log.info("Weekly digest: %s", summary.text())
    return summary


def _weekly_job() -> str:
    return WEEKLY.run_and_schedule_next(lambda: send().text())


WEEKLY = Recurring(
    prefix="jena-digest-run-",
    title="Weekly data-management digest",
    job=_weekly_job,
    every=lambda: dt.timedelta(days=7),
    timeout=config.quality_digest_job_timeout,
)


def queue_weekly() -> None:
    """On start (once per process): make sure the next weekly digest is scheduled."""
    WEEKLY.ensure_scheduled()
