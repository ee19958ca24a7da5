"""Loading state of each resource's DataStore table (one row per resource).

The resource page shows the state and, after a failed load, the German reason; the previous
table stays in the DataStore until a load succeeds completely.
Created by the alembic migrations in ``migration/jena``.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaTableLoad"]

_TIMESTAMP = sa.DateTime(timezone=True)


class JenaTableLoad(BaseModel):
    __tablename__ = "jena_table_load"

    resource_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    # queued | loading | loaded | failed
    state: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    # What the last load was asked to read (URL, upload time, size): a change queues a new load.
    source: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False, default="")
    error_code: Mapped[str | None] = mapped_column(sa.UnicodeText)
    message_de: Mapped[str | None] = mapped_column(sa.UnicodeText)
    message_en: Mapped[str | None] = mapped_column(sa.UnicodeText)
    rows: Mapped[int | None] = mapped_column(sa.BigInteger)
    queued_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    finished_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    # When the last successful load finished (kept while a later load fails).
    loaded_at: Mapped[datetime.datetime | None] = mapped_column(_TIMESTAMP)
    # Live feeds: time of the newest value pushed into the table.
