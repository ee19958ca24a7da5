"""Audit trail: an insertion sequence so events of the same instant keep their order

Two transitions in one request (approve, then publish) or under a frozen clock share a
timestamp; the random UUID primary key then decided their order in the trail and the CSV.

Revision ID: b7e4c9d2f615
Revises: 8d2e5b7c1a40
Create Date: 2026-11-22 02:30:00
"""

from __future__ import annotations

from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e4c9d2f615"
down_revision = "8d2e5b7c1a40"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # BIGSERIAL numbers existing rows in physical order; new rows in insertion order.
    op.execute("ALTER TABLE jena_release_event ADD COLUMN seq BIGSERIAL NOT NULL")
    op.create_index("idx_jena_release_event_package_time_seq", "jena_release_event", ["package_id", "timestamp", "seq"])
    op.drop_index("idx_jena_release_event_package_time", table_name="jena_release_event")


def downgrade() -> None:
    op.create_index("idx_jena_release_event_package_time", "jena_release_event", ["package_id", "timestamp"])
    op.drop_index("idx_jena_release_event_package_time_seq", table_name="jena_release_event")
    op.drop_column("jena_release_event", "seq")
