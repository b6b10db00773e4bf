"""quality loop: ratings, flags, turn labels, unanswered questions; console language per
account; the starter canned replies

Revision ID: 0006_quality
Revises: 0004_typed_state
Create Date: 2026-12-01 23:30:00
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0006_quality"
down_revision = "0004_typed_state"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("caseworkers") as batch:
        batch.add_column(sa.Column("lang", sa.String(8), nullable=False, server_default="es"))
    op.create_table(
        "quality_turns",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("flow", sa.String(32), nullable=False),
        sa.Column("topic", sa.String(32)),
        sa.Column("article_id", sa.String(96)),
        sa.Column("province", sa.String(8)),
        sa.Column("fallback", sa.Boolean(), nullable=False),
        sa.Column("clarify", sa.Boolean(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("danger", sa.String(32)),
        sa.Column("person", sa.String(32), nullable=False),
        sa.Column("at", AT, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_quality_turns_day", "quality_turns", ["day"])
    op.create_table(
        "quality_ratings",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("article_id", sa.String(96), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(32), nullable=False),
        sa.Column("at", AT, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_quality_ratings_article_id", "quality_ratings", ["article_id"])
    op.create_table(
        "quality_flags",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("message_id", ID, sa.ForeignKey("messages.id", ondelete="SET NULL")),
        sa.Column("article_id", sa.String(96)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("caseworker_id", ID, sa.ForeignKey("caseworkers.id")),
        sa.Column("at", AT, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_quality_flags_message_id", "quality_flags", ["message_id"])
    op.create_index("ix_quality_flags_article_id", "quality_flags", ["article_id"])
    op.create_table(
        "quality_unanswered",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("person", sa.String(32), nullable=False),
        sa.Column("at", AT, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_quality_unanswered_at", "quality_unanswered", ["at"])
    # The starter canned replies (bot/handoff/canned_seed.yml), once; supervisors edit them.
    # Read here by path: storage must not import bot.handoff (the import-graph test).
    import yaml

    seed_file = Path(__file__).resolve().parents[3] / "handoff" / "canned_seed.yml"
    seeded = yaml.safe_load(seed_file.read_text(encoding="utf-8")) or []

    canned = sa.table(
        "canned_replies",
        sa.column("lang", sa.String),
        sa.column("title", sa.String),
        sa.column("text", sa.Text),
        sa.column("created_at", AT),
    )
    now = sa.func.current_timestamp()
    rows = [{"lang": r["lang"], "title": r["title"], "text": r["text"]} for r in seeded]
    for row in rows:
        op.execute(canned.insert().values(**row, created_at=now))


def downgrade() -> None:
    for table in ("quality_unanswered", "quality_flags", "quality_ratings", "quality_turns"):
        op.drop_table(table)
    with op.batch_alter_table("caseworkers") as batch:
        batch.drop_column("lang")
