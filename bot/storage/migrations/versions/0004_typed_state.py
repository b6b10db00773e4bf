"""typed conversation state: every stored state gets its version, channel memory moves under "channel"

Before: `{"lang": "es", "pending": "erase", "callbacks": {...}, "more": "...", "paging": {...}}`.
After:  `{"version": 1, "lang": "es", "pending": "erase", "channel": {"callbacks": {...}, ...}}`
(bot.dialogue.state.DialogueState reads it). Rows that have a version already are left
alone. The rule is copied here, not imported, so this migration keeps doing what it did when
the application code moves on.

Revision ID: 0004_typed_state
Revises: 0003
Create Date: 2026-12-01 23:50:00
"""

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004_typed_state"
down_revision = "0003"
branch_labels = None
depends_on = None

VERSION = 1
CHANNEL_KEYS = ("callbacks", "more", "paging")  # where the channels kept their memory in 0003

states = sa.table(
    "conversation_states",
    sa.column("conversation_id", sa.Integer()),
    sa.column("data", sa.JSON()),
)


def to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """A state of the old shape in the versioned one."""
    upgraded = {k: v for k, v in data.items() if k not in CHANNEL_KEYS}
    channel = {k: data[k] for k in CHANNEL_KEYS if k in data}
    if channel:
        upgraded["channel"] = channel
    return {"version": VERSION, **upgraded}


def to_v0(data: dict[str, Any]) -> dict[str, Any]:
    """A versioned state back in the old shape (the channel memory at the top again)."""
    channel = data.get("channel")
    old = {k: v for k, v in data.items() if k not in ("version", "channel")}
    if isinstance(channel, dict):
        old.update(channel)
    return old


State = dict[str, Any]


def _rewrite(convert: Callable[[State], State], wanted: Callable[[State], bool]) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(states.c.conversation_id, states.c.data)).all()
    for conversation_id, data in rows:
        current = data if isinstance(data, dict) else {}
        if not wanted(current):
            continue
        bind.execute(
            states.update()
            .where(states.c.conversation_id == conversation_id)
            .values(data=convert(current))
        )


def upgrade() -> None:
    _rewrite(to_v1, lambda data: "version" not in data)


def downgrade() -> None:
    _rewrite(to_v0, lambda data: "version" in data)
