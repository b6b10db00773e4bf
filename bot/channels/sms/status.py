"""Delivery reports: each outbound SMS only moves forward (queued, sent, delivered or failed).

Twilio's callbacks repeat and arrive out of order. A report that names a reply whose Twilio id
was never stored (the sending process died between Twilio's answer and the database write, or
the request is still waiting for Twilio's answer) confirms that send while the reply is claimed,
so the outbox does not send it again when the claim expires. A failure Twilio calls temporary
puts the message back in the outbox (with a fresh provider id on the next try, so late reports
about the old attempt match nothing, and a replay of the old report cannot confirm the new
attempt: the failed attempt's id is remembered on the reply); error 21610 means the person opted
out with Twilio; error 63016 means WhatsApp's 24-hour window was closed: the reply is held and
the approved template sent instead (window.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.host import ChannelHost
from bot.channels.outbox import MAX_ATTEMPTS, backoff
from bot.channels.sms import window
from bot.channels.sms.provider import FINAL_STATUSES, SMS, STATUS_RANK, WHATSAPP, DeliveryReport
from bot.storage import repository as repo
from bot.storage.models import Contact, Conversation, Message, utcnow

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost

UPDATED, IGNORED, UNKNOWN, RETRY, HELD = "updated", "ignored", "unknown", "retry", "held"
TWILIO_CHANNELS = (SMS, WHATSAPP)
FAILED_IDS = "failed_provider_ids"  # payload key: ids of attempts Twilio reported as failed


async def apply_report(
    runtime: ChannelHost, report: DeliveryReport, *, now: datetime | None = None
) -> str:
    """Store one report; the outcome is one of updated, retry, ignored, unknown."""
    now = now or utcnow()
    async with runtime.db.sessions.begin() as session:
        statement = select(Message).where(
            Message.channel.in_(TWILIO_CHANNELS),
            Message.direction == "out",
            Message.provider_id == report.provider_id,
        )
        if not runtime.db.is_sqlite:
            statement = statement.with_for_update()
        message = await session.scalar(statement)
        if message is None and report.outbox_id is not None:
            message = await _unconfirmed(runtime, session, report.outbox_id)
            if message is not None and report.provider_id in _failed_ids(message):
                # A replayed report about an attempt that already failed: it says nothing
                # about the attempt being made now.
                return IGNORED
            if message is not None:
                message.provider_id = report.provider_id
        if message is None:
            return UNKNOWN
        if report.opted_out:
            await _opt_out(session, message.conversation_id, now)
        if not _moves_forward(message.status, report.status):
            return IGNORED
        error = f"twilio_{report.error_code}" if report.error_code else None
        if report.status in ("failed", "undelivered") and report.held:
            _remember_failed(message)
            message.status, message.provider_id, message.last_error = "held", None, error
            await window.ask_to_read(runtime, session, message.conversation_id, now=now)
            return HELD
        if report.status in ("failed", "undelivered"):
            if report.retryable and not report.opted_out and message.attempts < MAX_ATTEMPTS:
                _remember_failed(message)
                message.status, message.provider_id = "queued", None
                message.next_attempt_at = now + backoff(message.attempts, None)
                message.last_error = error
                return RETRY
            message.last_error = "opted_out" if report.opted_out else error
        message.status = report.status
        return UPDATED


def _failed_ids(message: Message) -> list[str]:
    ids = (message.payload or {}).get(FAILED_IDS)
    return [str(i) for i in ids] if isinstance(ids, list) else []


def _remember_failed(message: Message) -> None:
    if message.provider_id:
        # a new dict: the JSON column only sees an assignment
        kept = _failed_ids(message)[-(MAX_ATTEMPTS - 1) :]
        message.payload = dict(message.payload or {}) | {FAILED_IDS: [*kept, message.provider_id]}


async def _unconfirmed(
    runtime: ChannelHost, session: AsyncSession, message_id: int
) -> Message | None:
    """The reply this report is about when its send was never recorded (no provider id yet)."""
    statement = select(Message).where(
        Message.id == message_id,
        Message.channel.in_(TWILIO_CHANNELS),
        Message.direction == "out",
        Message.provider_id.is_(None),
        # Only while claimed: a reply put back in the queue after a reported failure must
        # not be taken as sent by a late, out-of-order report about the failed attempt.
        Message.status == "sending",
    )
    if not runtime.db.is_sqlite:
        statement = statement.with_for_update()
    return await session.scalar(statement)


def _moves_forward(current: str, new: str) -> bool:
    if current in FINAL_STATUSES or new not in STATUS_RANK:
        return False
    return STATUS_RANK[new] > STATUS_RANK.get(current, -1)


async def _opt_out(session: AsyncSession, conversation_id: int, now: datetime) -> None:
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        return
    contact = await session.get(Contact, conversation.contact_id)
    if contact is not None and not contact.opted_out:
        contact.opted_out, contact.opted_out_at = True, now
    await repo.mark_ticket_event(session, conversation_id, repo.PROVIDER_BLOCKED)
