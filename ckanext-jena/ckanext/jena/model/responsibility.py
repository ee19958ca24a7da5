"""Tables of data management: the responsible person of each dataset and the users who turned
the weekly digest off.

Kept outside CKAN's package tables on purpose: the responsible person is internal (never in
the public ``package_show``, the search index, DCAT or the activity stream, which snapshots
the package as stored) and changing it needs no review. Created by the alembic migration
``9c4e7a2b5d18``.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaDigestOptOut", "JenaResponsiblePerson"]


class JenaResponsiblePerson(BaseModel):
    """The account answering internally for a dataset (an editor or admin of its department)."""

    __tablename__ = "jena_responsible_person"

    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    updated_at: Mapped[datetime.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)


class JenaDigestOptOut(BaseModel):
    """A user who does not want the weekly data-management digest."""

    __tablename__ = "jena_digest_opt_out"

    user_id: Mapped[str] = mapped_column(sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    opted_out_at: Mapped[datetime.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
