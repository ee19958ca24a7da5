"""Release workflow: jena_release (state per dataset) and jena_release_event (audit trail)

Revision ID: 4f1c2a9e7b30
Revises:
Create Date: 2025-01-20 10:00:00

Datasets that exist before the workflow is installed keep their visibility: public
active datasets start as published, every other dataset as a draft.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "4f1c2a9e7b30"
down_revision = None
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jena_release",
        sa.Column("package_id", sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("release_at", TIMESTAMP),
        sa.Column("submitted_by", sa.UnicodeText),
        sa.Column("submitted_at", TIMESTAMP),
        sa.Column("last_editor", sa.UnicodeText),
        sa.Column("last_edited_at", TIMESTAMP),
        sa.Column("approved_by", sa.UnicodeText),
        sa.Column("published_at", TIMESTAMP),
        sa.Column("last_reviewed_at", TIMESTAMP),
        sa.Column("withdrawn_at", TIMESTAMP),
        sa.Column("withdraw_reason", sa.UnicodeText),
        sa.Column("revision_data", JSONB),
    )
    op.create_index("idx_jena_release_state", "jena_release", ["state"])
    op.create_table(
        "jena_release_event",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("organization_id", sa.UnicodeText),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
        sa.Column("actor_id", sa.UnicodeText),
        sa.Column("action", sa.UnicodeText, nullable=False),
        sa.Column("from_state", sa.UnicodeText),
        sa.Column("to_state", sa.UnicodeText, nullable=False),
        sa.Column("comment", sa.UnicodeText),
        sa.Column("override", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("release_at", TIMESTAMP),
        sa.Column("details", JSONB),
    )
    op.create_index("idx_jena_release_event_package_time", "jena_release_event", ["package_id", "timestamp"])
    op.create_index("ix_jena_release_event_organization_id", "jena_release_event", ["organization_id"])
    op.execute(
        """
        INSERT INTO jena_release (package_id, state, published_at)
        SELECT id,
               CASE WHEN state = 'active' AND NOT private THEN 'published' ELSE 'draft' END,
               CASE WHEN state = 'active' AND NOT private THEN metadata_created AT TIME ZONE 'UTC' END
        FROM package
        WHERE type <> 'harvest'
        """
    )


def downgrade() -> None:
    op.drop_index("ix_jena_release_event_organization_id", table_name="jena_release_event")
    op.drop_index("idx_jena_release_event_package_time", table_name="jena_release_event")
    op.drop_table("jena_release_event")
    op.drop_index("idx_jena_release_state", table_name="jena_release")
    op.drop_table("jena_release")
