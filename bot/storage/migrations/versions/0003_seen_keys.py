"""Slack event ids and signed requests already taken, shared by every worker and replica.

Revision ID: 0003_seen_keys
Revises: 0002
Create Date: 2026-12-02

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003_seen_keys"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "seen_keys",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_seen_keys")),
    )
    op.create_index(op.f("ix_seen_keys_expires_at"), "seen_keys", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_seen_keys_expires_at"), table_name="seen_keys")
    op.drop_table("seen_keys")
