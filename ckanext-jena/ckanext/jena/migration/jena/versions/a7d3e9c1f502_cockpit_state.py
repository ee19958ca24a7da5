"""Data management (issue 16): the cockpit's per-dataset state

``jena_cockpit_state``: per dataset the MQA score and band, the freshness promise and the
moments its state changes, the number of defective links and whether the contact e-mail is
empty, so the cockpit lists are read with SQL. Filled by ``ckan jena cockpit rebuild``.

Revision ID: a7d3e9c1f502
Revises: f6a2c8e4b190
Create Date: 2026-12-07 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d3e9c1f502"
down_revision = "f6a2c8e4b190"
branch_labels = None
depends_on = None

_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jena_cockpit_state",
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("score", sa.Integer),
        sa.Column("max_score", sa.Integer),
        sa.Column("band", sa.UnicodeText),
        sa.Column("frequency", sa.UnicodeText),
        sa.Column("last_change", _TIMESTAMP),
        sa.Column("due_at", _TIMESTAMP),
        sa.Column("soon_at", _TIMESTAMP),
        sa.Column("overdue_at", _TIMESTAMP),
        sa.Column("broken_links", sa.Integer, nullable=False, server_default="0"),
        sa.Column("contact_email_missing", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("jena_cockpit_state")
