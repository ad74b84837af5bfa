"""Questions per person per minute, counted by every worker and replica.

Revision ID: 0004_question_counts
Revises: 0003_seen_keys
Create Date: 2026-12-01

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004_question_counts"
down_revision: Union[str, Sequence[str], None] = "0003_seen_keys"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "question_counts",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_question_counts")),
    )
    op.create_index(op.f("ix_question_counts_expires_at"), "question_counts", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_question_counts_expires_at"), table_name="question_counts")
    op.drop_table("question_counts")
