"""The inbound queue of every channel (`inbound_events`): deliveries stored before the provider
gets its answer, claimed one sender at a time, finished once.

What a row keeps, and for how long:
- while **pending**: the provider's event id (the unique (channel, external_id) makes a repeated
  delivery a no-op in every process), a keyed hash of the sender (never the address: it orders
  one person's messages and lets erasure find them) and the payload, **sealed** with the
  project's key (bot.storage.crypto): a chat id, a name, a text or a location is never readable
  in clear;
- once **done** or **failed** (given up after MAX_ATTEMPTS, or unreadable): the ids and the
  counters only; payload and sender hash are wiped. Retention deletes the row EVENTS_KEPT later.

A claim is a short lease (`locked_until`) taken with a conditional UPDATE, so several app
processes share the work. Only the first pending event of a sender is eligible (by `sequence`,
the provider's own order where it gives one, e.g. Telegram's update_id; else arrival), and only
while no other event of that sender is leased. A crash leaves the row pending; it is taken
again when the lease ends, and the attempt counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.crypto import Protector
from bot.storage.db import Database
from bot.storage.models import InboundEvent, utcnow

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5
MAX_BACKOFF = 60
SCAN = 500  # senders looked at per claim (each sender is one candidate, however many rows)
EVENTS_KEPT = timedelta(days=2)  # done/failed rows: long enough to refuse a late redelivery
WIPED: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class QueuedEvent:
    """A claimed delivery, opened: what the channel's handler reads."""

    id: int
    channel: str
    external_id: str
    key: str  # the sender's keyed hash, or a key of the event alone when it has no sender
    data: dict[str, Any]
    attempts: int


def sender_key(protector: Protector, channel: str, sender: str) -> str:
    """The stored sender: the same keyed hash a contact's address gets, so erasure finds it."""
    return protector.lookup_hash(channel, sender)


async def enqueue_inbound(
    session: AsyncSession,
    protector: Protector,
    *,
    channel: str,
    external_id: str,
    sender: str | None,
    data: dict[str, Any],
    sequence: int | None = None,
) -> bool:
    """The one enqueue of every channel: store a delivery sealed, within `session`'s
    transaction; False when this (channel, external_id) was stored before (a repeat)."""
    event = InboundEvent(
        channel=channel,
        external_id=external_id,
        order_key=sender_key(protector, channel, sender) if sender is not None else None,
        sequence=sequence,
        payload={"sealed": protector.encrypt(json.dumps(data, separators=(",", ":")))},
        status="pending",
    )
    try:
        async with session.begin_nested():
            session.add(event)
            await session.flush()
    except IntegrityError:
        return False
    return True


class InboundQueue:
    """Claiming, finishing and retrying the queue's rows, for every channel."""

    def __init__(self, db: Database, protector: Protector, *, lease: timedelta = LEASE):
        self.db = db
        self.protector = protector
        self.lease = lease

    async def store(
        self,
        *,
        channel: str,
        external_id: str,
        sender: str | None,
        data: dict[str, Any],
        sequence: int | None = None,
    ) -> bool:
        """`enqueue_inbound` in a transaction of its own (committed when this returns)."""
        async with self.db.sessions.begin() as session:
            return await enqueue_inbound(
                session,
                self.protector,
                channel=channel,
                external_id=external_id,
                sender=sender,
                data=data,
                sequence=sequence,
            )

    async def claim(
        self,
        *,
        limit: int,
        busy: set[str],
        channels: tuple[str, ...] | None = None,
        now: datetime | None = None,
    ) -> list[QueuedEvent]:
        """Lease the next event of up to `limit` senders that are not `busy` here.

        Fair across senders and channels: the candidates are senders (one row each, the one
        waiting longest first), so a flood from one sender takes one slot and never hides
        another sender's message behind it."""
        now = now or utcnow()
        pending = [InboundEvent.status == "pending"]
        if channels is not None:
            pending.append(InboundEvent.channel.in_(channels))
        async with self.db.sessions() as session:
            senders = (
                await session.execute(
                    select(InboundEvent.channel, InboundEvent.order_key, func.min(InboundEvent.id))
                    .where(*pending)
                    .group_by(InboundEvent.channel, InboundEvent.order_key)
                    .order_by(func.min(InboundEvent.id))
                    .limit(SCAN)
                )
            ).all()
            leased = {
                (channel, key)
                for channel, key in await session.execute(
                    select(InboundEvent.channel, InboundEvent.order_key)
                    .where(*pending, InboundEvent.locked_until > now)
                    .distinct()
                )
            }
        claimed: list[QueuedEvent] = []
        for channel, key, _oldest in senders:
            if len(claimed) >= limit:
                break
            if key is not None and ((channel, key) in leased or f"{channel}:{key}" in busy):
                continue
            if (item := await self._lease_head(channel, key, now)) is not None:
                claimed.append(item)
        return claimed

    async def _lease_head(self, channel: str, key: str | None, now: datetime) -> QueuedEvent | None:
        """Find one sender's first pending row and lease it, in one transaction: a connection
        checkout and a commit per claimed event instead of two (#19)."""
        async with self.db.sessions.begin() as session:
            row_id = await session.scalar(self._head(channel, key, now))
            return None if row_id is None else await self._lease(session, int(row_id), now)

    @staticmethod
    def _head(channel: str, key: str | None, now: datetime) -> Select[int]:
        """The first pending row of one sender (a row without a sender is a sender of its own:
        the oldest one not leased)."""
        statement = select(InboundEvent.id).where(
            InboundEvent.channel == channel, InboundEvent.status == "pending"
        )
        if key is None:
            statement = statement.where(
                InboundEvent.order_key.is_(None),
                or_(InboundEvent.locked_until.is_(None), InboundEvent.locked_until <= now),
            ).order_by(InboundEvent.id)
        else:
            statement = statement.where(InboundEvent.order_key == key).order_by(
                InboundEvent.sequence, InboundEvent.id
            )
        return statement.limit(1)

    async def _lease(self, session: AsyncSession, row_id: int, now: datetime) -> QueuedEvent | None:
        """Lease a pending row in the session's transaction (UPDATE ... RETURNING: one trip)."""
        event = await session.scalar(
            update(InboundEvent)
            .where(
                InboundEvent.id == row_id,
                InboundEvent.status == "pending",
                or_(InboundEvent.locked_until.is_(None), InboundEvent.locked_until <= now),
            )
            .values(locked_until=now + self.lease, attempts=InboundEvent.attempts + 1)
            .returning(InboundEvent)
        )
        if event is None:
            return None  # another process took it first
        data = self._open(event.payload)
        if data is None:
            # Sealed under a secret no longer configured, or damaged: it can never be read, and
            # must not hold its sender (or anyone) back.
            _wipe(event, "failed")
            return None
        key = event.order_key or f"event:{event.id}"
        return QueuedEvent(event.id, event.channel, event.external_id, key, data, event.attempts)

    def _open(self, payload: dict[str, Any] | None) -> dict[str, Any] | None:
        sealed = (payload or {}).get("sealed")
        if not isinstance(sealed, str):
            return None
        try:
            data = json.loads(self.protector.decrypt(sealed))
        except (KeyError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    async def finish(self, item: QueuedEvent) -> None:
        """Mark an event processed. What matters is now stored as a message (or deliberately
        ignored): the sealed copy and the sender hash are dropped."""
        async with self.db.sessions.begin() as session:
            event = await session.get(InboundEvent, item.id)
            if event is not None:
                _wipe(event, "done")

    async def retry_later(self, item: QueuedEvent) -> bool:
        """After a failure: back off, or give up after MAX_ATTEMPTS (True when given up), so a
        poisoned event cannot hold its sender back for ever. A given-up event keeps its ids and
        counters only: its text, names or location must not stay."""
        async with self.db.sessions.begin() as session:
            event = await session.get(InboundEvent, item.id)
            if event is None:
                return True  # erased meanwhile
            if item.attempts >= MAX_ATTEMPTS:
                _wipe(event, "failed")
                return True
            wait = timedelta(seconds=min(2**item.attempts, MAX_BACKOFF))
            event.locked_until = utcnow() + wait
            return False

    async def seal_legacy(self) -> int:
        """Seal pending rows stored in clear before migration 0008_inbound (Telegram's raw
        updates): run at start-up, before the worker reads any row. Idempotent."""
        sealed = 0
        async with self.db.sessions.begin() as session:
            rows = await session.scalars(
                select(InboundEvent).where(InboundEvent.status == "pending")
            )
            for event in rows:
                payload = event.payload
                if isinstance(payload, dict) and "sealed" not in payload:
                    text = json.dumps(payload, separators=(",", ":"))
                    event.payload = {"sealed": self.protector.encrypt(text)}
                    sealed += 1
        return sealed

    async def pending_count(self, channels: tuple[str, ...] | None = None) -> int:
        """How many events wait (tests, the benchmark)."""
        statement = select(func.count()).select_from(InboundEvent)
        statement = statement.where(InboundEvent.status == "pending")
        if channels is not None:
            statement = statement.where(InboundEvent.channel.in_(channels))
        async with self.db.sessions() as session:
            return int(await session.scalar(statement) or 0)


def _wipe(event: InboundEvent, status: str) -> None:
    event.status, event.payload, event.order_key = status, dict(WIPED), None
    event.locked_until = None
    event.processed_at = utcnow()


async def erase_sender(session: AsyncSession, channel: str, address_hash: str) -> int:
    """Erasure (BORRAR, /delete): the person's events leave the queue, but for messages still
    waiting their turn (sent after the one that erased: a danger message right after "SI" must
    still get its answer; the worker processes them as a new conversation). Rows are deleted;
    the event being processed (leased) stays as a wiped tombstone, so a redelivery of it is
    still refused."""
    mine = and_(InboundEvent.channel == channel, InboundEvent.order_key == address_hash)
    now = utcnow()
    in_flight = and_(InboundEvent.status == "pending", InboundEvent.locked_until > now)
    wiped = await session.execute(
        update(InboundEvent)
        .where(mine, in_flight)
        .values(payload=dict(WIPED), order_key=None)
        .execution_options(synchronize_session=False)
    )
    gone = await session.execute(
        delete(InboundEvent)
        .where(mine, InboundEvent.status != "pending")
        .execution_options(synchronize_session=False)
    )
    return int(wiped.rowcount or 0) + int(gone.rowcount or 0)  # type: ignore[attr-defined]


async def prune(session: AsyncSession, *, now: datetime, retention_days: int) -> int:
    """Retention: processed and given-up events after EVENTS_KEPT; an event still pending
    after the retention period (no worker ran for that long) with them."""
    result = await session.execute(
        delete(InboundEvent).where(
            or_(
                and_(
                    InboundEvent.status != "pending", InboundEvent.received_at < now - EVENTS_KEPT
                ),
                InboundEvent.received_at < now - timedelta(days=retention_days),
            )
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
