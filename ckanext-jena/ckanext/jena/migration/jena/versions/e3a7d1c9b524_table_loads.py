"""Tables: the loading state of each resource's DataStore table (and a live feed's last value time)

Revision ID: e3a7d1c9b524
Revises: c5d1e8a3f972
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e3a7d1c9b524"
down_revision = "c5d1e8a3f972"
branch_labels = None
depends_on = None

_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jena_table_load",
        sa.Column("resource_id", sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("source", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("error_code", sa.UnicodeText),
        sa.Column("message_de", sa.UnicodeText),
        sa.Column("message_en", sa.UnicodeText),
        sa.Column("rows", sa.BigInteger),
        sa.Column("queued_at", _TIMESTAMP),
        sa.Column("finished_at", _TIMESTAMP),
        sa.Column("loaded_at", _TIMESTAMP),
        sa.Column("last_value_at", _TIMESTAMP),
    )


def downgrade() -> None:
    op.drop_table("jena_table_load")
