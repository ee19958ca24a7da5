"""Data management (issue 16): the cockpit chart's daily snapshots

``jena_quality_snapshot``: per day and department, the released datasets per quality band and
the overdue ones.

Revision ID: f6a2c8e4b190
Revises: d9c4b2e7a318
Create Date: 2026-12-07 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f6a2c8e4b190"
down_revision = "d9c4b2e7a318"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jena_quality_snapshot",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("organization_id", sa.UnicodeText, sa.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("datasets", sa.Integer, nullable=False),
        sa.Column("excellent", sa.Integer, nullable=False),
        sa.Column("good", sa.Integer, nullable=False),
        sa.Column("sufficient", sa.Integer, nullable=False),
        sa.Column("bad", sa.Integer, nullable=False),
        sa.Column("overdue", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("jena_quality_snapshot")
