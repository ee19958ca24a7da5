"""Data management (issue 16): editors' freshness confirmations

``jena_data_confirmation``: the last "Daten geprüft, unverändert aktuell" per dataset (a data
change for the freshness check, kept outside the package so it needs no review).

Revision ID: e3a7f1c9d204
Revises: e3a7d1c9b524
Create Date: 2026-12-07 06:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e3a7f1c9d204"
down_revision = "e3a7d1c9b524"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jena_data_confirmation",
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.UnicodeText),
    )


def downgrade() -> None:
    op.drop_table("jena_data_confirmation")
