"""Table of the usage counts.

``jena_usage_daily``: page views and downloads per day, dataset and resource (the row of
the dataset page itself has the resource id ``""``). Nothing about the visitor is stored:
no address, no cookie, no account. Created by the alembic migration ``d9c4b2e7a318``.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaUsageDaily"]


class JenaUsageDaily(BaseModel):
    """How often a released dataset's page or one of its resources was used on one day."""

    __tablename__ = "jena_usage_daily"
    __table_args__ = (sa.Index("idx_jena_usage_daily_package_day", "package_id", "day"),)

    day: Mapped[datetime.date] = mapped_column(sa.Date, primary_key=True)
    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    # "" for the dataset page; else the resource (its page views and its downloads)
    resource_id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True)
    views: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    downloads: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
