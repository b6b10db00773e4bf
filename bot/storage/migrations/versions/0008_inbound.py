"""one inbound queue for every channel: a sender's order column, nothing kept once processed

`inbound_events` was already one table, read by two queues (SMS/WhatsApp sealed their payload;
Telegram kept raw updates, chat id, names and text, in plaintext, for ever when it gave up).
From here one queue (bot/storage/inbound.py) serves every channel:
- `sequence`: the provider's order among one sender's events (Telegram's update_id), filled for
  the Telegram rows still pending; a pending row whose external_id is not an update_id (one was
  stored as 'False') can never be processed and is given up here, wiped;
- every row that is no longer pending keeps ids and counters only: payload and sender hash go;
- the Telegram rows still pending keep their plaintext payload for the few seconds until the
  app starts: sealing needs RUMBO_SECRET_KEY, which a migration does not hold, so the app seals
  them at start-up (`InboundQueue.seal_legacy`) before its worker reads any row. No draining is
  needed before upgrading. Downgrading needs an empty queue (the old Telegram code cannot read
  a sealed row).

Nothing to drop: there was no second table, and every column is still used.

Also (#18): an index on quality_turns.at, which the quality page now filters and groups by (its
days are the operator's local days, RUMBO_TIMEZONE, no longer the stored UTC `day`).

Revision ID: 0008_inbound
Revises: 0007_media
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_inbound"
down_revision = "0007_media"
branch_labels = None
depends_on = None

MAX_UPDATE_ID = 2**63 - 1
EVENTS = sa.table(
    "inbound_events",
    sa.column("id", sa.BigInteger),
    sa.column("channel", sa.String),
    sa.column("external_id", sa.String),
    sa.column("order_key", sa.String),
    sa.column("sequence", sa.BigInteger),
    sa.column("payload", sa.JSON),
    sa.column("status", sa.String),
    sa.column("locked_until", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("inbound_events") as batch:
        batch.add_column(sa.Column("sequence", sa.BigInteger(), nullable=True))
    op.create_index(
        "ix_inbound_events_sender", "inbound_events", ["status", "channel", "order_key"]
    )
    op.create_index("ix_quality_turns_at", "quality_turns", ["at"])
    op.execute(
        EVENTS.update()
        .where(EVENTS.c.status != "pending")
        .values(payload={}, order_key=None, locked_until=None)
    )
    rows = op.get_bind().execute(
        sa.select(EVENTS.c.id, EVENTS.c.external_id).where(
            EVENTS.c.channel == "telegram", EVENTS.c.status == "pending"
        )
    )
    for row_id, external_id in list(rows):
        raw = str(external_id)
        if raw.isascii() and raw.isdigit() and int(raw) <= MAX_UPDATE_ID:
            op.execute(EVENTS.update().where(EVENTS.c.id == row_id).values(sequence=int(raw)))
        else:
            op.execute(
                EVENTS.update()
                .where(EVENTS.c.id == row_id)
                .values(status="failed", payload={}, order_key=None, locked_until=None)
            )


def downgrade() -> None:
    op.drop_index("ix_quality_turns_at", table_name="quality_turns")
    op.drop_index("ix_inbound_events_sender", table_name="inbound_events")
    with op.batch_alter_table("inbound_events") as batch:
        batch.drop_column("sequence")
