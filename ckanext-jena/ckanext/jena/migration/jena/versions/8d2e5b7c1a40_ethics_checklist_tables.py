"""Data-ethics checklist: jena_ethics_checklist (answers) and jena_ethics_signoff

Revision ID: 8d2e5b7c1a40
Revises: 4f1c2a9e7b30
Create Date: 2026-11-21 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "8d2e5b7c1a40"
down_revision = "4f1c2a9e7b30"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jena_ethics_checklist",
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("checklist_version", sa.Integer, nullable=False),
        sa.Column("answers", JSONB, nullable=False),
        sa.Column("answers_hash", sa.UnicodeText, nullable=False),
        sa.Column("fingerprint", sa.UnicodeText, nullable=False),
        sa.Column("updated_by", sa.UnicodeText),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "jena_ethics_signoff",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("outcome", sa.UnicodeText, nullable=False),
        sa.Column("comment", sa.UnicodeText),
        sa.Column("answers_hash", sa.UnicodeText, nullable=False),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
    )
    op.create_index("idx_jena_ethics_signoff_package", "jena_ethics_signoff", ["package_id", "role"])


def downgrade() -> None:
    op.drop_index("idx_jena_ethics_signoff_package", table_name="jena_ethics_signoff")
    op.drop_table("jena_ethics_signoff")
    op.drop_table("jena_ethics_checklist")
