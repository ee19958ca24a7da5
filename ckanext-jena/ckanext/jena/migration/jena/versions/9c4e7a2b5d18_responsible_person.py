"""Data management (issue 16): responsible person per dataset, digest opt-out

``jena_responsible_person``: the internal responsible account of each dataset (never public).
``jena_digest_opt_out``: users who turned the weekly data-management e-mail off.

Revision ID: 9c4e7a2b5d18
Revises: 5b8e2d7f4a61
Create Date: 2026-12-07 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9c4e7a2b5d18"
down_revision = "5b8e2d7f4a61"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jena_responsible_person",
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("idx_jena_responsible_person_user", "jena_responsible_person", ["user_id"])
    op.create_table(
        "jena_digest_opt_out",
        sa.Column("user_id", sa.UnicodeText, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("jena_digest_opt_out")
    op.drop_index("idx_jena_responsible_person_user", table_name="jena_responsible_person")
    op.drop_table("jena_responsible_person")
