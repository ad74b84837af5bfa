"""Question log and answer feedback (what the bot could not answer well; 👍/👎 on answers).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "question_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("asked_at", Timestamp, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("intent", sa.String(16), nullable=False),
        sa.Column("regions", sa.String(1000), nullable=False),
        sa.Column("themes", sa.String(1000), nullable=False),
        sa.Column("top_score", sa.Float(), nullable=True),
        sa.Column("result_count", sa.Integer(), nullable=False),
        sa.Column("channel_type", sa.String(16), nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=False),
        sa.Column("knowledge_version", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_log")),
    )
    op.create_index(op.f("ix_question_log_asked_at"), "question_log", ["asked_at"])
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rated_at", Timestamp, nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("answer_key", sa.String(64), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("regions", sa.String(1000), nullable=False),
        sa.Column("themes", sa.String(1000), nullable=False),
        sa.Column("results", sa.String(2000), nullable=False),
        sa.Column("channel_type", sa.String(16), nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=False),
        sa.Column("knowledge_version", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_feedback")),
        sa.UniqueConstraint("user_hash", "answer_key", name=op.f("uq_answer_feedback_user_hash_answer_key")),
    )
    op.create_index(op.f("ix_answer_feedback_rated_at"), "answer_feedback", ["rated_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_answer_feedback_rated_at"), table_name="answer_feedback")
    op.drop_table("answer_feedback")
    op.drop_index(op.f("ix_question_log_asked_at"), table_name="question_log")
    op.drop_table("question_log")
