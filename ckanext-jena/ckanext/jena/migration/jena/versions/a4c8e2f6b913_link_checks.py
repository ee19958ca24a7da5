"""Data management (issue 16): the link checker's history

``jena_link_check``: one row per check of a released resource's URL (status, HTTP status,
response time, content type, size, error), kept to tell a broken link from a hiccup.

Revision ID: a4c8e2f6b913
Revises: e3a7f1c9d204
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a4c8e2f6b913"
down_revision = "e3a7f1c9d204"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jena_link_check",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("resource_id", sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"), nullable=False),
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.UnicodeText, nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("http_status", sa.Integer),
        sa.Column("response_ms", sa.Integer),
        sa.Column("content_type", sa.UnicodeText),
        sa.Column("size", sa.BigInteger),
        sa.Column("error", sa.UnicodeText),
    )
    op.create_index("idx_jena_link_check_resource_time", "jena_link_check", ["resource_id", "checked_at"])
    op.create_index("ix_jena_link_check_package_id", "jena_link_check", ["package_id"])


def downgrade() -> None:
    op.drop_table("jena_link_check")
