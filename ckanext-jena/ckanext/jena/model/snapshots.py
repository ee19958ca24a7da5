"""Table of the cockpit's chart: one row per day and department with its released datasets'
quality bands and overdue updates (written daily, ``ckanext.jena.quality.snapshots``).
Created by the alembic migration ``f6a2c8e4b190``.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.base import BaseModel
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["JenaQualitySnapshot"]


class JenaQualitySnapshot(BaseModel):
    """The released datasets of one department on one day: how many per band, how many overdue."""

    __tablename__ = "jena_quality_snapshot"

    day: Mapped[datetime.date] = mapped_column(sa.Date, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True
    )
    datasets: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    excellent: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    good: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    sufficient: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    bad: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    overdue: Mapped[int] = mapped_column(sa.Integer, nullable=False)
