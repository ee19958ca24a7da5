"""Table of data management: editors' freshness confirmations.

Kept outside CKAN's package tables: a confirmation is no metadata change (no review, no new
``metadata_modified``). Created by the alembic migration ``e3a7f1c9d204``.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaDataConfirmation"]


class JenaDataConfirmation(BaseModel):
    """The last "Daten geprüft, unverändert aktuell" of a dataset."""

    __tablename__ = "jena_data_confirmation"

    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    confirmed_at: Mapped[datetime.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    confirmed_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
