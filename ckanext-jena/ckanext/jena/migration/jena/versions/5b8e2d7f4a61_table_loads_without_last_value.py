"""Tables: drop ``jena_table_load.last_value_at``

Nothing wrote it: a live feed keeps its last push on the sensor account, which the freshness
state reads.

Revision ID: 5b8e2d7f4a61
Revises: a4c8e2f6b913
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b8e2d7f4a61"
down_revision = "a4c8e2f6b913"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("jena_table_load", "last_value_at")


def downgrade() -> None:
    op.add_column("jena_table_load", sa.Column("last_value_at", sa.DateTime(timezone=True)))
