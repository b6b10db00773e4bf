"""The caseworker side of a ticket: the queue, claim, transfer, notes, replies and closing.

Every function takes an open session and leaves committing to the caller, so a console action
and its audit entry are one unit of work. Replies are stored as outbound `messages` rows rendered
by the person's own channel renderer: the shared outbox delivers them like any bot reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import gsm7
from bot.channels.registry import channel_profiles
from bot.dialogue.state import DialogueState
from bot.dialogue.texts import text as translate
from bot.messages import OutboundMessage
from bot.storage import repository as repo
from bot.storage.db import locks_rows
from bot.storage.models import (
    Caseworker,
    Contact,
    Conversation,
    Message,
    Ticket,
    TicketEvent,
    utcnow,
)

OUTCOMES = ("resolved", "referred", "no_response", "duplicate", "other")
MAX_REPLY_CHARS = 4000
# The same budget as the bot's own SMS: every segment costs the person money.
MAX_SMS_SEGMENTS = 2


class TicketError(Exception):
    """A console action that cannot be done; `reason` is a short machine-readable word."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class QueueItem:
    """One open ticket as the queue shows it (no personal data)."""

    id: int
    conversation_id: int
    priority: str
    status: str
    channel: str
    lang: str | None
    topic: str | None
    reason: str
    created_at: datetime
    waited: timedelta
    assignee_id: int | None
    assignee: str | None
    blocked: bool = False  # the provider refuses every message to this person (Twilio 21610)
    quick_exit: bool = False  # the person left the web chat by the quick-exit button
    written_lang: str | None = None  # wrote in a language we do not speak (ht, fr, pt)


def _has_event(kind: str) -> Any:
    return (
        select(TicketEvent.id)
        .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == kind)
        .exists()
    )


async def queue(session: AsyncSession, *, now: datetime | None = None) -> list[QueueItem]:
    """Open tickets: urgent first, then the longest wait first."""
    now = now or utcnow()
    blocked = _has_event(repo.PROVIDER_BLOCKED)
    # Blocked urgent tickets top the queue: nobody can reach that person by message.
    rank = case(
        (and_(Ticket.priority == "urgent", blocked), 0), (Ticket.priority == "urgent", 1), else_=2
    )
    rows = await session.execute(
        select(Ticket, Caseworker.name, blocked, _has_event(repo.QUICK_EXIT))
        .outerjoin(Caseworker, Caseworker.id == Ticket.assigned_to)
        .where(Ticket.status.in_(repo.OPEN_TICKET))
        .order_by(rank, Ticket.created_at, Ticket.id)
    )
    return [
        QueueItem(
            ticket.id,
            ticket.conversation_id,
            ticket.priority,
            ticket.status,
            ticket.channel,
            ticket.lang,
            ticket.topic,
            ticket.reason,
            ticket.created_at,
            now - ticket.created_at,
            ticket.assigned_to,
            name,
            bool(is_blocked),
            bool(left),
            ticket.written_lang,
        )
        for ticket, name, is_blocked, left in rows.all()
    ]


async def get_open(session: AsyncSession, ticket_id: int) -> Ticket:
    """A queued or assigned ticket, locked for this unit of work, else TicketError."""
    statement = select(Ticket).where(Ticket.id == ticket_id)
    if locks_rows(session):
        # Two caseworkers pressing "claim" at once: the second waits, then sees it taken.
        statement = statement.with_for_update()
    ticket = await session.scalar(statement.execution_options(populate_existing=True))
    if ticket is None:
        raise TicketError("not_found")
    if ticket.status not in repo.OPEN_TICKET:
        raise TicketError("not_open")
    return ticket


def may_act(ticket: Ticket, caseworker: Caseworker) -> bool:
    """The assignee acts on a ticket; a supervisor may always step in."""
    return ticket.assigned_to == caseworker.id or caseworker.role == "supervisor"


async def may_read(session: AsyncSession, conversation_id: int, caseworker: Caseworker) -> bool:
    """Need-to-know: a transcript is shown only where a person asked for help (a ticket exists),
    and then to a supervisor, to the caseworker who holds or held it, or while it waits in the
    open queue for someone to claim it."""
    allowed = Ticket.conversation_id == conversation_id
    if caseworker.role != "supervisor":
        allowed = allowed & (
            (Ticket.assigned_to == caseworker.id)
            | ((Ticket.status == "queued") & Ticket.assigned_to.is_(None))
        )
    return await session.scalar(select(Ticket.id).where(allowed).limit(1)) is not None


async def claim(
    session: AsyncSession, ticket_id: int, caseworker: Caseworker, *, now: datetime | None = None
) -> Ticket:
    """Take a queued ticket. The first claim sets `claimed_at`, which the median wait reads."""
    ticket = await get_open(session, ticket_id)
    if ticket.status == "assigned":
        if ticket.assigned_to == caseworker.id:
            return ticket
        raise TicketError("taken")
    ticket.status, ticket.assigned_to = "assigned", caseworker.id
    ticket.claimed_at = ticket.claimed_at or now or utcnow()
    session.add(TicketEvent(ticket_id=ticket.id, caseworker_id=caseworker.id, kind="claimed"))
    return ticket


async def transfer(
    session: AsyncSession, ticket_id: int, caseworker: Caseworker, to_id: int
) -> Ticket:
    """Hand an assigned ticket to another active caseworker."""
    ticket = await get_open(session, ticket_id)
    if not may_act(ticket, caseworker):
        raise TicketError("not_yours")
    target = await session.get(Caseworker, to_id)
    if target is None or not target.active:
        raise TicketError("no_such_caseworker")
    if target.id == ticket.assigned_to:
        return ticket
    previous = ticket.assigned_to
    ticket.status, ticket.assigned_to = "assigned", target.id
    ticket.claimed_at = ticket.claimed_at or utcnow()
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            caseworker_id=caseworker.id,
            kind="transferred",
            detail=f"{previous or '-'} -> {target.id}",
        )
    )
    return ticket


async def add_note(
    session: AsyncSession, ticket_id: int, caseworker: Caseworker, text: str
) -> TicketEvent:
    """A private note on the ticket; the person never sees it."""
    text = text.strip()
    if not text:
        raise TicketError("empty")
    ticket = await session.get(Ticket, ticket_id)
    if ticket is None:
        raise TicketError("not_found")
    if ticket.status == "closed":
        raise TicketError("not_open")
    if not may_act(ticket, caseworker):
        raise TicketError("not_yours")  # notes on a case only by whoever holds it
    event = TicketEvent(
        ticket_id=ticket.id, caseworker_id=caseworker.id, kind="note", detail=text[:4000]
    )
    session.add(event)
    await session.flush()
    return event


def sms_cost(text: str) -> gsm7.SmsText:
    """What an SMS reply will really cost once folded to GSM-7."""
    return gsm7.prepare(text)


async def _deliverable(session: AsyncSession, conversation_id: int) -> Conversation:
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None or conversation.status == "erasing":
        raise TicketError("gone")
    contact = await session.get(Contact, conversation.contact_id)
    if contact is None or contact.address_enc is None:
        raise TicketError("gone")
    if contact.opted_out and not await repo.answers_danger_after_optout(session, conversation_id):
        # STOP must hold for people too: nobody may write to a person who unsubscribed, except
        # to answer the urgent ticket their own danger message opened after it.
        raise TicketError("opted_out")
    return conversation


async def reachable(session: AsyncSession, conversation_id: int) -> bool:
    """Whether anything may be sent to this conversation's person now."""
    try:
        await _deliverable(session, conversation_id)
    except TicketError:
        return False
    return True


async def send_text(
    session: AsyncSession,
    conversation_id: int,
    text: str,
    *,
    author: str,
    lang: str,
) -> list[Message]:
    """Render a text with the person's channel renderer and queue it in the outbox."""
    conversation = await _deliverable(session, conversation_id)
    profiles = channel_profiles()
    profile = profiles.get(conversation.channel, profiles["web"])
    # No choices and no article: nothing for the channel to remember, so nothing is stored.
    rendered = profile.render(
        [OutboundMessage(text, kind="caseworker")],
        lang=lang,
        memory={},
        article=None,
        today=utcnow().date(),
        continuing=False,
    ).rendered
    messages = []
    contact = await session.get(Contact, conversation.contact_id)
    # Past the opt-out only as the answer to the urgent ticket (see _deliverable).
    extra = {"urgent_reply": True} if contact is not None and contact.opted_out else {}
    for item in rendered:
        message = await repo.queue_outbound(
            session,
            conversation,
            text=item.text,
            payload=item.payload | extra,
            author=author,
            segments=item.segments,
        )
        messages.append(message)
    conversation.last_activity_at = utcnow()
    return messages


async def reply(
    session: AsyncSession, ticket_id: int, caseworker: Caseworker, text: str
) -> list[Message]:
    """A caseworker's answer, sent through the person's own channel."""
    text = text.strip()
    if not text:
        raise TicketError("empty")
    if len(text) > MAX_REPLY_CHARS:
        raise TicketError("too_long")
    ticket = await get_open(session, ticket_id)
    if not may_act(ticket, caseworker):
        raise TicketError("not_yours")
    if ticket.channel == "sms" and sms_cost(text).segments > MAX_SMS_SEGMENTS:
        raise TicketError("too_long")
    messages = await send_text(
        session,
        ticket.conversation_id,
        text,
        author=f"caseworker:{caseworker.id}",
        lang=ticket.lang or "es",
    )
    ids = ",".join(str(m.id) for m in messages)
    session.add(
        TicketEvent(ticket_id=ticket.id, caseworker_id=caseworker.id, kind="reply", detail=ids)
    )
    return messages


async def close(
    session: AsyncSession,
    ticket_id: int,
    caseworker: Caseworker,
    outcome: str,
    *,
    tell_person: bool = True,
) -> Ticket:
    """Close with an outcome; the bot takes the conversation back, optionally saying so."""
    if outcome not in OUTCOMES:
        raise TicketError("bad_outcome")
    ticket = await get_open(session, ticket_id)
    if not may_act(ticket, caseworker):
        raise TicketError("not_yours")
    conversation = await repo.lock_conversation(session, ticket.conversation_id)
    await repo.close_open_tickets(session, conversation, outcome, caseworker_id=caseworker.id)
    state = DialogueState.from_json(await repo.load_state(session, conversation.id))
    # The next time this person waits for someone, they are told the expected wait again.
    state.waiting_told = False
    await repo.save_state(session, conversation.id, state.to_json())
    # A person who unsubscribed (or asked for erasure) is not written to; closing still works.
    if tell_person and await reachable(session, conversation.id):
        lang = ticket.lang or "es"
        await send_text(
            session,
            conversation.id,
            translate("handoff_closed", lang),
            author=f"caseworker:{caseworker.id}",
            lang=lang,
        )
    return ticket


async def expected_wait(session: AsyncSession, *, now: datetime | None = None) -> timedelta | None:
    """Median wait of tickets claimed in the last seven days; None = "as soon as possible"."""
    return await repo.median_wait(session, now=now)
