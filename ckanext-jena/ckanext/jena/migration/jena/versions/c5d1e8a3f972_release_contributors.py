"""Four-eyes: remember everybody who changed the version under review, not only the last editor

``jena_release.contributors`` maps user ids to what they changed ("content", "checklist").
Rows waiting for (or in) review start with their last editor and the last author of the
data-ethics checklist, the only contributors recorded so far.

Revision ID: c5d1e8a3f972
Revises: b7e4c9d2f615
Create Date: 2026-12-07 03:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "c5d1e8a3f972"
down_revision = "b7e4c9d2f615"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "jena_release", sa.Column("contributors", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )
    op.execute(
        "UPDATE jena_release SET contributors = jsonb_build_object(last_editor, jsonb_build_array('content')) "
        "WHERE last_editor IS NOT NULL AND state <> 'published'"
    )
    op.execute(
        "UPDATE jena_release AS r SET contributors = r.contributors || jsonb_build_object("
        "c.updated_by, coalesce(r.contributors -> c.updated_by, '[]'::jsonb) || '[\"checklist\"]'::jsonb) "
        "FROM jena_ethics_checklist AS c "
        "WHERE c.package_id = r.package_id AND c.updated_by IS NOT NULL AND r.state <> 'published'"
    )


def downgrade() -> None:
    op.drop_column("jena_release", "contributors")
