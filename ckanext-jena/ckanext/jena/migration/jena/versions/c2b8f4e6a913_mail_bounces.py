"""Data management (issue 16): contact e-mails that bounce

``jena_mail_bounce``: addresses the mail system reported as undeliverable (recorded with
``ckan jena cockpit bounce``); ``jena_cockpit_state.contact_email``: the dataset's contact
e-mail (lower case) to join them. Filled by ``ckan jena cockpit rebuild``.

Revision ID: c2b8f4e6a913
Revises: a7d3e9c1f502
Create Date: 2026-12-08 00:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c2b8f4e6a913"
down_revision = "a7d3e9c1f502"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jena_mail_bounce",
        sa.Column("address", sa.UnicodeText, primary_key=True),
        sa.Column("bounced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.UnicodeText),
    )
    op.add_column("jena_cockpit_state", sa.Column("contact_email", sa.UnicodeText))


def downgrade() -> None:
    op.drop_column("jena_cockpit_state", "contact_email")
    op.drop_table("jena_mail_bounce")
