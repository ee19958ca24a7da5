"""The cockpit's per-dataset state (``jena_cockpit_state``): what is dear to compute for the
data-management lists (MQA score and band, freshness dates, defective links, an empty contact
e-mail), kept current by the hooks and jobs of :mod:`ckanext.jena.quality.cockpit_state`, so the
cockpit filters, sorts and pages in SQL. Created by the alembic migration ``a7d3e9c1f502``.

Freshness is stored as the moments its state changes (``soon_at``, ``overdue_at``), so time
alone moves it on without a rewrite; what is cheap and changes elsewhere (release state,
department, the responsible account and its membership) is joined live.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaCockpitState", "JenaMailBounce"]

_TIMESTAMP = sa.DateTime(timezone=True)


class JenaCockpitState(BaseModel):
    """One dataset as the cockpit lists it (the stored version, as ``package_show`` gives it)."""

    __tablename__ = "jena_cockpit_state"

    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    # MQA (None: the score could not be computed)
    score: Mapped[int | None] = mapped_column(sa.Integer)
    max_score: Mapped[int | None] = mapped_column(sa.Integer)
    band: Mapped[str | None] = mapped_column(sa.UnicodeText)
    # Freshness: the promise and the moments the state changes (None: nothing to check)
    frequency: Mapped[str | None] = mapped_column(sa.UnicodeText)
    last_change: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    due_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    soon_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    overdue_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    broken_links: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    contact_email_missing: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    # The contact e-mail in lower case (joined with ``jena_mail_bounce``); None: empty
    contact_email: Mapped[str | None] = mapped_column(sa.UnicodeText)
    updated_at: Mapped[datetime.datetime] = mapped_column(_TIMESTAMP, nullable=False)


class JenaMailBounce(BaseModel):
    """An address the mail system reported as undeliverable (``ckan jena cockpit bounce``);
    the cockpit lists the datasets whose contact e-mail it is. Migration ``c2b8f4e6a913``."""

    __tablename__ = "jena_mail_bounce"

    address: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)  # lower case
    bounced_at: Mapped[datetime.datetime] = mapped_column(_TIMESTAMP, nullable=False)
    reason: Mapped[str | None] = mapped_column(sa.UnicodeText)
