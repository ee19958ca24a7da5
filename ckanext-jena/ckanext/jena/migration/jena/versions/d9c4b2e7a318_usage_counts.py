"""Data management (issue 16): usage counts per day, dataset and resource

``jena_usage_daily``: page views and downloads of released datasets per day (no visitor data).

Revision ID: d9c4b2e7a318
Revises: 9c4e7a2b5d18
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d9c4b2e7a318"
down_revision = "9c4e7a2b5d18"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jena_usage_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("views", sa.Integer, nullable=False, server_default="0"),
        sa.Column("downloads", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("idx_jena_usage_daily_package_day", "jena_usage_daily", ["package_id", "day"])


def downgrade() -> None:
    op.drop_table("jena_usage_daily")
