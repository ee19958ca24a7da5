"""Table of the link checker: one row per check of a resource's URL (its history).

Kept outside CKAN's resource table: a check is no metadata change (no review, no new
``metadata_modified``, nothing in the activity stream). Created by the alembic migration
``a4c8e2f6b913``.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaLinkCheck"]


class JenaLinkCheck(BaseModel):
    """One check of the URL of a released dataset's resource."""

    __tablename__ = "jena_link_check"
    __table_args__ = (sa.Index("idx_jena_link_check_resource_time", "resource_id", "checked_at"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    resource_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"), nullable=False
    )
    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The URL checked: the resource's address, a service's GetCapabilities request, or the
    # portal's own upload (``upload:<file name>``, read from storage).
    url: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    checked_at: Mapped[datetime.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    # ok, broken (HTTP error status), timeout, unreachable, refused (address policy), invalid, missing
    status: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    http_status: Mapped[int | None] = mapped_column(sa.Integer)
    response_ms: Mapped[int | None] = mapped_column(sa.Integer)
    content_type: Mapped[str | None] = mapped_column(sa.UnicodeText)
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    error: Mapped[str | None] = mapped_column(sa.UnicodeText)
