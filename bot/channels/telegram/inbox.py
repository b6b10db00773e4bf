"""Stored Telegram updates: written before the 200, claimed one chat at a time, finished once.

`inbound_events` is the queue. The unique (channel, external_id) constraint makes a repeated
update_id a no-op in every process. A claim is a short lease (`locked_until`) taken with a
conditional UPDATE, so several app processes share the work; only the lowest pending update_id
of a chat is eligible, and only while no other update of that chat is leased, which keeps each
chat in update_id order. A crash leaves the row pending; it is taken again when the lease ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.storage import wake
from bot.storage.crypto import Protector
from bot.storage.db import Database
from bot.storage.models import InboundEvent, utcnow

CHANNEL = "telegram"
LEASE = timedelta(seconds=30)
MAX_ATTEMPTS = 5
SCAN = 500  # chats looked at per claim (each chat is one candidate, however many rows it has)


@dataclass(frozen=True, slots=True)
class ClaimedUpdate:
    """An update taken for processing."""

    id: int
    update_id: int
    order_key: str
    payload: dict[str, Any]
    attempts: int


class Inbox:
    """The `inbound_events` rows of the Telegram channel."""

    def __init__(self, db: Database, protector: Protector, *, lease: timedelta = LEASE):
        self.db = db
        self.protector = protector
        self.lease = lease

    def key_for(self, chat_id: str | None, update_id: int) -> str:
        """The stored order key: a keyed hash of the chat id (chat ids are personal data)."""
        if chat_id is None:
            return f"update:{update_id}"
        return self.protector.lookup_hash(CHANNEL, chat_id)

    async def store(self, update_id: int, chat_id: str | None, payload: dict[str, Any]) -> bool:
        """Store a delivery; False when this update_id was stored before (a repeat)."""
        event = InboundEvent(
            channel=CHANNEL,
            external_id=str(update_id),
            order_key=self.key_for(chat_id, update_id),
            payload=payload,
            status="pending",
        )
        try:
            async with self.db.intake.begin() as session:
                session.add(event)
                await wake.notify(session, "inbound")
        except IntegrityError:
            return False
        return True

    async def claim(
        self, *, limit: int, busy: set[str], now: datetime | None = None
    ) -> list[ClaimedUpdate]:
        """Lease the next update of up to `limit` chats that are not `busy` here.

        Fair across chats: the candidates are chats (one row each, the chat waiting longest
        first), not the oldest pending rows, so a flood from one chat takes one slot and never
        hides another chat's update behind it."""
        now = now or utcnow()
        pending = (InboundEvent.channel == CHANNEL, InboundEvent.status == "pending")
        async with self.db.sessions() as session:
            chats = (
                await session.execute(
                    select(InboundEvent.order_key, func.min(InboundEvent.id))
                    .where(*pending)
                    .group_by(InboundEvent.order_key)
                    .order_by(func.min(InboundEvent.id))
                    .limit(SCAN)
                )
            ).all()
            leased = set(
                await session.scalars(
                    select(InboundEvent.order_key)
                    .where(*pending, InboundEvent.locked_until > now)
                    .distinct()
                )
            )
        claimed: list[ClaimedUpdate] = []
        for key, _oldest in chats:
            if len(claimed) >= limit:
                break
            if key is not None and (key in leased or key in busy):
                continue
            row_id = await self._head(key, now)
            if row_id is None:
                continue
            item = await self._lease(row_id, now)
            if item is not None:
                claimed.append(item)
        return claimed

    async def _head(self, key: str | None, now: datetime) -> int | None:
        """The row of the lowest pending update_id of one chat (a row without a chat key is a
        chat of its own). update_ids are decimal digits without leading zeros, so (length,
        text) is their numeric order in SQL on every backend. A malformed id (stored before the
        webhook checked it, e.g. 'False') can never be processed and must not stop its chat or
        any other: it is given up on and the next row is looked at."""
        while True:
            async with self.db.sessions() as session:
                statement = select(InboundEvent.id, InboundEvent.external_id).where(
                    InboundEvent.channel == CHANNEL, InboundEvent.status == "pending"
                )
                if key is None:
                    statement = statement.where(
                        InboundEvent.order_key.is_(None),
                        or_(InboundEvent.locked_until.is_(None), InboundEvent.locked_until <= now),
                    ).order_by(InboundEvent.id)
                else:
                    statement = statement.where(InboundEvent.order_key == key).order_by(
                        func.length(InboundEvent.external_id), InboundEvent.external_id
                    )
                row = (await session.execute(statement.limit(1))).first()
            if row is None:
                return None
            row_id, external_id = row
            if external_id.isascii() and external_id.isdigit():
                return int(row_id)
            await self._give_up([row_id])

    async def _give_up(self, row_ids: list[int]) -> None:
        """Mark unprocessable rows failed and drop their payload (it holds personal data)."""
        async with self.db.sessions.begin() as session:
            await session.execute(
                update(InboundEvent)
                .where(InboundEvent.id.in_(row_ids))
                .values(status="failed", locked_until=None, payload={})
            )

    async def _lease(self, row_id: int, now: datetime) -> ClaimedUpdate | None:
        async with self.db.sessions.begin() as session:
            result = await session.execute(
                update(InboundEvent)
                .where(
                    InboundEvent.id == row_id,
                    InboundEvent.status == "pending",
                    or_(InboundEvent.locked_until.is_(None), InboundEvent.locked_until <= now),
                )
                .values(locked_until=now + self.lease, attempts=InboundEvent.attempts + 1)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return None  # another process took it first
            event = await session.get(InboundEvent, row_id)
            assert event is not None
            return ClaimedUpdate(
                event.id,
                int(event.external_id),
                event.order_key or f"event:{row_id}",
                dict(event.payload),
                event.attempts,
            )

    async def finish(self, item: ClaimedUpdate) -> None:
        """Mark an update processed. The raw payload is dropped: what matters is now stored
        as a message (or deliberately ignored), and the raw copy holds personal data."""
        async with self.db.sessions.begin() as session:
            await session.execute(
                update(InboundEvent)
                .where(InboundEvent.id == item.id)
                .values(
                    status="done",
                    processed_at=utcnow(),
                    locked_until=None,
                    payload={"update_id": item.update_id},
                )
            )

    async def retry_later(self, item: ClaimedUpdate) -> bool:
        """After a failure: back off, or give up after MAX_ATTEMPTS (True when given up), so a
        poisoned update cannot hold its chat back for ever. A given-up update keeps only its
        update_id: the raw copy (text, names, a shared location) must not stay for ever."""
        failed = item.attempts >= MAX_ATTEMPTS
        wait = timedelta(seconds=min(2**item.attempts, 60))
        values: dict[str, Any] = {
            "status": "failed" if failed else "pending",
            "locked_until": None if failed else utcnow() + wait,
        }
        if failed:
            values["payload"] = {"update_id": item.update_id}
        async with self.db.sessions.begin() as session:
            await session.execute(
                update(InboundEvent).where(InboundEvent.id == item.id).values(**values)
            )
        return failed

    async def pending_count(self) -> int:
        """How many updates wait (for tests and the benchmark)."""
        async with self.db.sessions() as session:
            rows = await session.scalars(
                select(InboundEvent.id).where(
                    InboundEvent.channel == CHANNEL, InboundEvent.status == "pending"
                )
            )
            return len(list(rows))
