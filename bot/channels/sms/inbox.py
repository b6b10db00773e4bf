"""Inbound SMS are stored before Twilio gets its answer, then processed by a worker.

The webhook only records the delivery (the unique `inbound_events` row is what makes a repeated
MessageSid a no-op) and answers at once; the engine runs here. A crash between the two leaves a
`pending` row that the next pass picks up. The stored form is encrypted: it holds the number.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import asdict
from datetime import timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from bot.channels.host import ChannelHost
from bot.channels.sms.provider import InboundSms
from bot.messages import InboundKind, InboundMessage
from bot.storage.models import InboundEvent, utcnow

log = logging.getLogger(__name__)

CHANNEL = "sms"
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5


async def record(runtime: ChannelHost, sms: InboundSms) -> bool:
    """Store one delivery; False when this MessageSid was stored before."""
    sealed = runtime.protector.encrypt(json.dumps(asdict(sms)))
    event = InboundEvent(
        channel=CHANNEL,
        external_id=sms.external_id,
        # Keyed hash of the sender (never the number): one person's messages run in order.
        order_key=runtime.protector.lookup_hash(CHANNEL, sms.sender),
        payload={"sealed": sealed},
        status="pending",
    )
    try:
        async with runtime.db.sessions.begin() as session:
            session.add(event)
    except IntegrityError:
        return False
    return True


async def claim(runtime: ChannelHost, *, limit: int = 20) -> list[tuple[int, InboundSms]]:
    """Take due deliveries in arrival order, each under a lease so one process handles it.

    Only the oldest pending delivery of each sender is eligible: with several processes, a
    person's next message must wait until the previous one's turn is done (or its lease ends).
    """
    now = utcnow()
    older = aliased(InboundEvent)
    blocked = exists().where(
        older.channel == CHANNEL,
        older.order_key == InboundEvent.order_key,
        older.id < InboundEvent.id,
        older.status == "pending",
    )
    statement = (
        select(InboundEvent)
        .where(
            InboundEvent.channel == CHANNEL,
            InboundEvent.status == "pending",
            or_(InboundEvent.locked_until.is_(None), InboundEvent.locked_until <= now),
            ~blocked,
        )
        .order_by(InboundEvent.id)
        .limit(limit)
    )
    if not runtime.db.is_sqlite:
        statement = statement.with_for_update(skip_locked=True, of=InboundEvent)
    claimed = []
    async with runtime.db.sessions.begin() as session:
        for event in await session.scalars(statement):
            event.locked_until = now + LEASE
            try:
                data = json.loads(runtime.protector.decrypt(event.payload["sealed"]))
            except (KeyError, ValueError, TypeError):
                # sealed under a secret that is no longer configured: it can never be read
                event.status, event.payload = "failed", {}
                continue
            claimed.append((event.id, InboundSms(**data)))
    return claimed


def to_message(sms: InboundSms) -> InboundMessage:
    """The neutral message the engine reads."""
    kind: InboundKind = "media" if sms.media and not sms.text.strip() else "text"
    return InboundMessage(
        channel=CHANNEL,
        user=sms.sender,
        text=sms.text,
        kind=kind,
        external_id=sms.external_id,
        provider_answered=sms.provider_answered,
    )


async def process(runtime: ChannelHost, event_id: int, sms: InboundSms) -> bool:
    """Run the turn, then close the event (dropping the stored form: the message row has it).

    A failure is recorded on the event, which is tried again later; False then.
    """
    try:
        await runtime.engine.handle(to_message(sms))
    except Exception as exc:  # noqa: BLE001 - recorded on the event and retried, never lost
        # Only the type: database errors quote their parameters, i.e. the person's text.
        await _failed(runtime, event_id, type(exc).__name__)
        return False
    async with runtime.db.sessions.begin() as session:
        event = await session.get(InboundEvent, event_id)
        if event is not None:
            event.status, event.processed_at, event.payload = "done", utcnow(), {}
            event.locked_until = None
    outbox = runtime.extras.get("outbox")
    if outbox is not None:
        outbox.wake.set()
    return True


async def _failed(runtime: ChannelHost, event_id: int, reason: str) -> None:
    async with runtime.db.sessions.begin() as session:
        event = await session.get(InboundEvent, event_id)
        if event is None:
            return
        event.attempts += 1
        if event.attempts >= MAX_ATTEMPTS:
            event.status, event.payload = "failed", {}
        else:
            event.locked_until = utcnow() + timedelta(seconds=2**event.attempts)
    log.warning("inbound sms failed", extra={"reason": reason, "event_id": event_id})


async def run_once(runtime: ChannelHost) -> int:
    """Process what is due; return how many deliveries were handled."""
    claimed = await claim(runtime)
    for event_id, sms in claimed:
        await process(runtime, event_id, sms)
    return len(claimed)


async def run_forever(runtime: ChannelHost, wake: asyncio.Event, *, interval: float = 1.0) -> None:
    """Process deliveries until cancelled; the webhook sets `wake` after storing one."""
    while True:
        try:
            handled = await run_once(runtime)
        except Exception as exc:  # noqa: BLE001 - a database blip must not stop inbound SMS
            log.error("inbound sms pass failed", extra={"error": type(exc).__name__})
            handled = 0
        if handled:
            continue
        wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=interval)
