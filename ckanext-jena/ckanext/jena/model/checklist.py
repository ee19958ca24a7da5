"""Tables of the data-ethics checklist: the department's answers per dataset and the
sign-offs of the data-protection and ethics roles.

Confidential: nothing in here is part of ``package_show``, the search index, DCAT or the
activity stream; only ``ckanext.jena.ethics.summary.public_summary`` derives the few
facts that are published. Created by the alembic migrations in ``migration/jena``.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaEthicsChecklist", "JenaEthicsSignoff"]

_TIMESTAMP = sa.DateTime(timezone=True)


class JenaEthicsChecklist(BaseModel):
    """The current answers of one dataset (one row per dataset)."""

    __tablename__ = "jena_ethics_checklist"

    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    checklist_version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    # Hash of the answers: sign-offs are bound to the answers they saw.
    answers_hash: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    # Hash of the resources and personal-data relevant fields when the answers were given.
    fingerprint: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    updated_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    updated_at: Mapped[datetime.datetime] = mapped_column(_TIMESTAMP, nullable=False)


class JenaEthicsSignoff(BaseModel):
    """A sign-off (data protection or ethics) of one version of the answers."""

    __tablename__ = "jena_ethics_signoff"
    __table_args__ = (sa.Index("idx_jena_ethics_signoff_package", "package_id", "role"),)

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=lambda: str(uuid.uuid4()))
    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False
    )
    role: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    user_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    outcome: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    comment: Mapped[str | None] = mapped_column(sa.UnicodeText)
    answers_hash: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    timestamp: Mapped[datetime.datetime] = mapped_column(_TIMESTAMP, nullable=False)
