"""Inbound SMS and WhatsApp messages through the shared inbound queue (bot.channels.inbound):
stored sealed before Twilio gets its answer, then turned into a turn by the one inbound worker.
Every function takes the channel (`sms` or `whatsapp`): the same code serves both.

The webhook only records the delivery (a repeated MessageSid is a no-op: the queue's unique
(channel, external_id)) and answers at once; the engine runs in `process`. A crash between the
two leaves a pending event that the next pass picks up.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from bot.channels.inbound import accept_inbound
from bot.channels.sms import window
from bot.channels.sms.provider import SMS, WHATSAPP, InboundSms
from bot.media import intake
from bot.messages import InboundKind, InboundMessage, Location
from bot.storage.inbound import QueuedEvent

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost

CHANNEL = SMS
FIELDS = frozenset(f.name for f in fields(InboundSms))


async def record(runtime: ChannelHost, sms: InboundSms, channel: str = CHANNEL) -> bool:
    """Store one delivery; False when this MessageSid was stored before."""
    return await accept_inbound(
        runtime,
        channel=channel,
        external_id=sms.external_id,
        sender=sms.sender,  # hashed by the queue: one person's messages run in order
        data=asdict(sms),
    )


def opened(data: dict[str, Any]) -> InboundSms:
    """The stored form back as the provider's record (unknown keys ignored)."""
    values = {k: v for k, v in data.items() if k in FIELDS}
    values["media_types"] = tuple(values.get("media_types") or ())
    values["media_urls"] = tuple(values.get("media_urls") or ())
    return InboundSms(**values)


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


async def process(runtime: ChannelHost, event: QueuedEvent) -> None:
    """Run the turn of one stored message (the worker then closes the event, dropping the
    stored form: the message row has what is kept). On WhatsApp, replies held by the 24-hour
    window go back to the queue first; LEER alone only fetches them. Raises on failure."""
    sms = opened(event.data)
    released = 0
    if event.channel == WHATSAPP:
        released = await window.release(runtime, event.channel, sms.sender)
    if not (released and window.only_reads(sms.text)):
        message = to_message(sms, event.channel)
        if sms.media:
            # (#17) the files, downloaded and checked before the turn (never stored here);
            # httpx is imported only when a file came, so `rumbo serve` starts without it
            from bot.channels.sms import media

            files = await media.download(runtime.settings, sms)
            await intake.receive(message, files, runtime.transcriber)
        await runtime.engine.handle(message)
    runtime.wake_outbox()
