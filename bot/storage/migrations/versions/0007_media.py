"""media: voice notes, photos and documents, encrypted, attached to their message (#17)

Revision ID: 0007_media
Revises: 0006_quality
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_media"
down_revision = "0006_quality"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column(
            "message_id", ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "conversation_id",
            ID,
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "contact_id", ID, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_media_message_id", "media", ["message_id"])
    op.create_index("ix_media_conversation", "media", ["conversation_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_media_conversation", table_name="media")
    op.drop_index("ix_media_message_id", table_name="media")
    op.drop_table("media")
