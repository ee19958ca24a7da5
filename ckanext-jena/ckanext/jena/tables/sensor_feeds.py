"""Live feeds of ``realtime`` datasets: a sensor gateway pushes rows into one DataStore table.

A department's data manager opens a feed for one resource; the portal creates a *sensor
account* for it (a user without any membership, whose password nobody knows) and hands out an
API token of that account once. The account may do exactly one thing beyond what any visitor
may: ``datastore_upsert`` (methods ``insert``/``upsert``) into its own resource, also after the
dataset was published (the rows are the feed the reviewed dataset promises; the table's
structure still changes only through review). Everything else is refused as for any stranger.

The feed lives in the account's ``plugin_extras`` (CKAN's place for extension data of a user):
resource, optional retention (rows whose time field is older than N days are deleted after a
push) and the time of the last push, which tells how current the feed is.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from ckan import model
from sqlalchemy import text

FEED_KEY = "jena_sensor_feed"
WRITE_METHODS = ("insert", "upsert")

__all__ = [
    "FEED_KEY",
    "WRITE_METHODS",
    "account_name",
    "feed_of",
    "feeds_of_resource",
    "record_push",
    "trim_to_retention",
]


def feed_of(user: model.User | None) -> dict[str, Any] | None:
    """The feed a sensor account serves, or None for every other account."""
    if user is None or user.state != "active":
        return None
    feed = (user.plugin_extras or {}).get(FEED_KEY)
    return feed if isinstance(feed, dict) and isinstance(feed.get("resource_id"), str) else None


def account_name(resource_id: str) -> str:
    """A fresh account name: ``sensor-`` + the resource's first id block + a random suffix."""
    return f"sensor-{resource_id.split('-')[0][:8]}-{secrets.token_hex(3)}"


def feeds_of_resource(resource_id: str) -> list[model.User]:
    """The active sensor accounts of ``resource_id``, oldest first."""
    users = (
        model.Session.query(model.User)
        .filter(model.User.state == "active", model.User.plugin_extras.isnot(None))
        .order_by(model.User.created)
    )
    return [user for user in users if (feed_of(user) or {}).get("resource_id") == resource_id]


def record_push(user: model.User, now: dt.datetime) -> None:
    """Remember when the account last pushed (written with the caller's session commit)."""
    extras = dict(user.plugin_extras or {})
    feed = dict(extras.get(FEED_KEY) or {})
    feed["last_push"] = now.isoformat(timespec="seconds")
    extras[FEED_KEY] = feed
    user.plugin_extras = extras
    model.Session.commit()


def trim_to_retention(feed: dict[str, Any]) -> int:
    """Delete the rows of the feed's table older than its retention; the number deleted."""
    days, field = feed.get("retention_days"), feed.get("time_field")
    if not days or not field:
        return 0
    from ckanext.datastore.backend.postgres import get_write_engine, identifier

    statement = text(
        f"DELETE FROM {identifier(feed['resource_id'])} "
        f"WHERE {identifier(field)} < (now() AT TIME ZONE 'UTC') - make_interval(days => :days)"
    )
    with get_write_engine().begin() as connection:
        return connection.execute(statement, {"days": int(days)}).rowcount
