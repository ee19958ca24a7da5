"""Tables of the release workflow: the current state per dataset and the audit trail.

Both live outside CKAN's package tables on purpose: nothing in here is part of
``package_show``, the search index, DCAT or the activity stream, so a pending
revision or an internal comment can never leak through those channels.
The tables are created by the alembic migrations in ``migration/jena``.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaRelease", "JenaReleaseEvent"]

_TIMESTAMP = sa.DateTime(timezone=True)


class JenaRelease(BaseModel):
    """One row per dataset under the release workflow (the only source of its public visibility)."""

    __tablename__ = "jena_release"
    __table_args__ = (sa.Index("idx_jena_release_state", "state"),)

    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    release_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    submitted_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    submitted_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    last_editor: Mapped[str | None] = mapped_column(sa.UnicodeText)
    last_edited_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    approved_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    published_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    last_reviewed_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    withdrawn_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    withdraw_reason: Mapped[str | None] = mapped_column(sa.UnicodeText)
    # A pending revision of a published dataset: the proposed package dict, never applied
    # to the package (and so never indexed) before a reviewer approves it.
    revision_data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # Four-eyes: everybody who changed the version under review (user id -> what they changed:
    # "content", "checklist"); emptied when a version is approved (see release.roles).
    contributors: Mapped[dict[str, list[str]]] = mapped_column(
        JSONB, nullable=False, default=dict, server_default=sa.text("'{}'::jsonb")
    )


class JenaReleaseEvent(BaseModel):
    """Audit trail: one row per transition (who, when, from/to, comment)."""

    __tablename__ = "jena_release_event"
    __table_args__ = (sa.Index("idx_jena_release_event_package_time_seq", "package_id", "timestamp", "seq"),)

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=lambda: str(uuid.uuid4()))
    package_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    organization_id: Mapped[str | None] = mapped_column(sa.UnicodeText, index=True)
    timestamp: Mapped[datetime.datetime] = mapped_column(_TIMESTAMP, nullable=False)
    # NULL actor: the portal itself (scheduled publication)
    actor_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    action: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    from_state: Mapped[str | None] = mapped_column(sa.UnicodeText)
    to_state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    comment: Mapped[str | None] = mapped_column(sa.UnicodeText)
    override: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    release_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # Insertion order: breaks ties between events of the same instant (see migration b7e4c9d2f615).
    seq: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), nullable=False)
