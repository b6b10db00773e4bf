"""Inbound SMS and WhatsApp messages are stored before Twilio gets its answer, then processed by
a worker. Every function takes the channel (`sms` or `whatsapp`): the same queue and code serve
both.

The webhook only records the delivery (the unique `inbound_events` row is what makes a repeated
MessageSid a no-op) and answers at once; the engine runs here. A crash between the two leaves a
`pending` row that the next pass picks up. The stored form is encrypted: it holds the number.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from bot.channels.sms import window
from bot.channels.sms.provider import SMS, WHATSAPP, InboundSms
from bot.messages import InboundKind, InboundMessage, Location
from bot.storage import wake
from bot.storage.models import InboundEvent, utcnow

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost

log = logging.getLogger(__name__)

CHANNEL = SMS
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5


async def record(runtime: ChannelHost, sms: InboundSms, channel: str = CHANNEL) -> bool:
    """Store one delivery; False when this MessageSid was stored before."""
    sealed = runtime.protector.encrypt(json.dumps(asdict(sms)))
    event = InboundEvent(
        channel=channel,
        external_id=sms.external_id,
        # Keyed hash of the sender (never the number): one person's messages run in order.
        order_key=runtime.protector.lookup_hash(channel, sms.sender),
        payload={"sealed": sealed},
        status="pending",
    )
    try:
        async with runtime.db.intake.begin() as session:
            session.add(event)
            await wake.notify(session, "inbound")
    except IntegrityError:
        return False
    return True


async def claim(
    runtime: ChannelHost, *, limit: int = 20, channel: str = CHANNEL
) -> list[tuple[int, InboundSms]]:
    """Take due deliveries in arrival order, each under a lease so one process handles it.

    Only the oldest pending delivery of each sender is eligible: with several processes, a
    person's next message must wait until the previous one's turn is done (or its lease ends).
    """
    now = utcnow()
    older = aliased(InboundEvent)
    blocked = exists().where(
        older.channel == channel,
        older.order_key == InboundEvent.order_key,
        older.id < InboundEvent.id,
        older.status == "pending",
    )
    statement = (
        select(InboundEvent)
        .where(
            InboundEvent.channel == channel,
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
            data["media_types"] = tuple(data.get("media_types") or ())
            claimed.append((event.id, InboundSms(**data)))
    return claimed


def to_message(sms: InboundSms, channel: str = CHANNEL) -> InboundMessage:
    """The neutral message the engine reads."""
    kind: InboundKind = "media" if sms.media and not sms.text.strip() else "text"
    location = None
    if sms.latitude is not None and sms.longitude is not None:
        kind, location = "location", Location(sms.latitude, sms.longitude)
    return InboundMessage(
        channel=channel,
        user=sms.sender,
        text=sms.text,
        kind=kind,
        location=location,
        external_id=sms.external_id,
        provider_answered=sms.provider_answered,
    )


async def process(
    runtime: ChannelHost, event_id: int, sms: InboundSms, channel: str = CHANNEL
) -> bool:
    """Run the turn, then close the event (dropping the stored form: the message row has it).

    On WhatsApp, replies held by the 24-hour window go back to the queue first; LEER alone
    only fetches them. A failure is recorded on the event, which is tried again later; False
    then.
    """
    try:
        async with runtime.turn_slots:
            released = 0
            if channel == WHATSAPP:
                released = await window.release(runtime, channel, sms.sender)
            if not (released and window.only_reads(sms.text)):
                await runtime.engine.handle(to_message(sms, channel))
    except Exception as exc:  # noqa: BLE001 - recorded on the event and retried, never lost
        # Only the type: database errors quote their parameters, i.e. the person's text.
        await _failed(runtime, event_id, type(exc).__name__)
        return False
    async with runtime.db.sessions.begin() as session:
        event = await session.get(InboundEvent, event_id)
        if event is not None:
            event.status, event.processed_at, event.payload = "done", utcnow(), {}
            event.locked_until = None
    runtime.wake_outbox()
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
    log.warning("inbound message failed", extra={"reason": reason, "event_id": event_id})


async def run_once(runtime: ChannelHost, channel: str = CHANNEL) -> int:
    """Process what is due, different senders concurrently (a claim holds one delivery per
    sender at most); return how many deliveries were handled."""
    claimed = await claim(runtime, limit=runtime.settings.turn_concurrency, channel=channel)
    await asyncio.gather(*(process(runtime, event_id, sms, channel) for event_id, sms in claimed))
    return len(claimed)
