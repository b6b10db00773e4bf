"""Queries the engine and the channels share. Every function takes an open session."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, column, delete, func, insert, select, table, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.storage import inbound, media
from bot.storage.crypto import Protector
from bot.storage.db import locks_rows
from bot.storage.models import (
    Contact,
    Conversation,
    ConversationState,
    DailyCount,
    Message,
    Ticket,
    TicketEvent,
    table_of,
    utcnow,
)

OPEN_TICKET = ("queued", "assigned")
MAX_ID = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite


def parse_id(raw: object) -> int | None:
    """A row id from a URL or a form: ASCII digits within the database's range, else None.

    `str.isdigit()` is true for "²" and "٣", which `int()` then refuses or reads as another
    number; an id past 2**63 overflows the database driver. Both are "no such row".
    """
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


async def find_contact(
    session: AsyncSession, protector: Protector, channel: str, address: str
) -> Contact | None:
    """The contact for a channel address, also under hashes of rotated-out secrets."""
    hashes = [
        protector.lookup_hash(channel, address),
        *protector.old_lookup_hashes(channel, address),
    ]
    rows = await session.scalars(
        select(Contact).where(Contact.channel == channel, Contact.address_hash.in_(hashes))
    )
    contact = rows.first()
    if contact is not None and contact.address_hash != hashes[0]:
        contact.address_hash = hashes[0]
        contact.address_enc = protector.encrypt(address)
    return contact


def insert_or_skip(session: AsyncSession, table: Table) -> Any:
    """`INSERT ... ON CONFLICT DO NOTHING` for this session's database (SQLite, PostgreSQL):
    a row that breaks a unique constraint is skipped in the same statement, no savepoint."""
    dialect = postgresql if locks_rows(session) else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


async def find_thread(
    session: AsyncSession, protector: Protector, channel: str, address: str
) -> tuple[int, int] | None:
    """(contact id, conversation id) of a known address under the current secret, in one
    statement; None when the contact is new, has no conversation yet, or still carries the hash
    of a rotated-out secret (`get_or_create_contact` handles those)."""
    found = await session.execute(
        _FIND_THREAD, {"channel": channel, "hash": protector.lookup_hash(channel, address)}
    )
    row = found.first()
    return None if row is None else (int(row[0]), int(row[1]))


def _find_thread() -> Any:
    contacts, conversations = table_of(Contact), table_of(Conversation)
    return (
        select(contacts.c.id, conversations.c.id)
        .select_from(contacts)
        .join(conversations, conversations.c.contact_id == contacts.c.id)
        .where(
            contacts.c.channel == bindparam("channel"),
            contacts.c.address_hash == bindparam("hash"),
        )
    )


# Built once: a turn's hot statements are not rebuilt per call (#19).
_FIND_THREAD = _find_thread()


async def get_or_create_contact(
    session: AsyncSession, protector: Protector, channel: str, address: str
) -> tuple[Contact, bool]:
    """Find or create the contact (safe against a concurrent insert of the same address)."""
    contact = await find_contact(session, protector, channel, address)
    if contact is not None:
        return contact, False
    contact = Contact(
        channel=channel,
        address_hash=protector.lookup_hash(channel, address),
        address_enc=protector.encrypt(address),
    )
    try:
        async with session.begin_nested():
            session.add(contact)
            await session.flush()
    except IntegrityError:
        found = await find_contact(session, protector, channel, address)
        if found is None:
            raise
        return found, False
    return contact, True


async def get_or_create_conversation(
    session: AsyncSession, contact: Contact
) -> tuple[Conversation, bool]:
    """The single conversation thread of a contact."""
    conversation = await session.scalar(
        select(Conversation).where(Conversation.contact_id == contact.id)
    )
    if conversation is not None:
        return conversation, False
    conversation = Conversation(contact_id=contact.id, channel=contact.channel)
    try:
        async with session.begin_nested():
            session.add(conversation)
            await session.flush()
    except IntegrityError:
        conversation = await session.scalar(
            select(Conversation).where(Conversation.contact_id == contact.id)
        )
        if conversation is None:
            raise
        return conversation, False
    return conversation, True


async def lock_conversation(session: AsyncSession, conversation_id: int) -> Conversation:
    """Load a conversation holding its row lock, so one turn runs at a time across processes."""
    statement = select(Conversation).where(Conversation.id == conversation_id)
    if locks_rows(session):
        statement = statement.with_for_update()
    conversation = await session.scalar(statement.execution_options(populate_existing=True))
    if conversation is None:
        raise LookupError(f"conversation {conversation_id} is gone")
    return conversation


async def store_inbound(
    session: AsyncSession,
    conversation: Conversation,
    *,
    channel: str,
    text: str,
    external_id: str | None,
    payload: dict[str, Any] | None = None,
) -> Message | None:
    """Store an inbound message before processing it; None when it was already stored."""
    message = Message(
        conversation_id=conversation.id,
        channel=channel,
        direction="in",
        author="person",
        text=text,
        external_id=external_id,
        status="received",
        payload=payload,
    )
    try:
        async with session.begin_nested():
            session.add(message)
            await session.flush()
    except IntegrityError:
        return None
    return message


async def insert_inbound(
    session: AsyncSession,
    conversation_id: int,
    *,
    channel: str,
    text: str,
    external_id: str | None,
    payload: dict[str, Any] | None = None,
) -> int | None:
    """Store an inbound message in one statement; its id, or None when it was already stored
    (the same channel and external id: a repeated delivery)."""
    inserted = await session.execute(
        _statement(session, "insert_inbound"),
        {
            "conversation_id": conversation_id,
            "channel": channel,
            "direction": "in",
            "author": "person",
            "text": text,
            "external_id": external_id,
            "status": "received",
            "payload": payload,
        },
    )
    found = inserted.scalar()
    return None if found is None else int(found)


async def unfinished_inbound(
    session: AsyncSession,
    conversation: Conversation | int,
    *,
    channel: str,
    external_id: str | None,
) -> Message | None:
    """The stored inbound message with this external id whose turn never finished, if any."""
    if external_id is None:
        return None
    conversation_id = conversation if isinstance(conversation, int) else conversation.id
    return await session.scalar(
        select(Message).where(
            Message.conversation_id == conversation_id,
            Message.channel == channel,
            Message.direction == "in",
            Message.external_id == external_id,
            Message.status == "received",
        )
    )


async def awaits_turn(session: AsyncSession, message_id: int) -> bool:
    """Whether an inbound message is stored and its turn not yet done (call under the lock)."""
    status = await session.scalar(
        select(Message.status)
        .where(Message.id == message_id)
        .execution_options(populate_existing=True)
    )
    return status == "received"


@dataclass(slots=True)
class TurnRows:
    """What a turn reads, loaded in one statement by `load_turn`."""

    conversation: Conversation
    contact: Contact
    state: dict[str, Any] | None  # None: no state row yet
    message_status: str | None  # the inbound message's status (None: it is gone)
    ticket: Ticket | None  # the open ticket (queued or assigned), newest first


async def load_turn(session: AsyncSession, conversation_id: int, message_id: int) -> TurnRows:
    """The conversation (holding its row lock on PostgreSQL), its contact, its state, its open
    ticket and the status of the inbound message, in one statement."""
    locks = locks_rows(session)
    statement = _LOAD_TURN.get(locks)
    if statement is None:
        statement = _LOAD_TURN[locks] = _load_turn(locks)
    found = await session.execute(
        statement, {"conversation": conversation_id, "message": message_id}
    )
    row = found.first()
    if row is None:
        raise LookupError(f"conversation {conversation_id} is gone")
    conversation, contact, state_id, data, message_status, ticket = row
    state = None if state_id is None else dict(data or {})
    return TurnRows(conversation, contact, state, message_status, ticket)


def _load_turn(locks: bool) -> Any:
    newest_open = (
        select(func.max(Ticket.id))
        .where(Ticket.conversation_id == Conversation.id, Ticket.status.in_(OPEN_TICKET))
        .correlate(Conversation)
        .scalar_subquery()
    )
    status = (
        select(Message.status)
        .where(Message.id == bindparam("message"), Message.conversation_id == Conversation.id)
        .correlate(Conversation)
        .scalar_subquery()
    )
    statement = (
        select(
            Conversation,
            Contact,
            ConversationState.conversation_id,
            ConversationState.data,
            status,
            Ticket,
        )
        .join(Contact, Contact.id == Conversation.contact_id)
        .outerjoin(ConversationState, ConversationState.conversation_id == Conversation.id)
        .outerjoin(Ticket, Ticket.id == newest_open)
        .where(Conversation.id == bindparam("conversation"))
        .execution_options(populate_existing=True)
    )
    return statement.with_for_update(of=table_of(Conversation)) if locks else statement


_LOAD_TURN: dict[bool, Any] = {}  # by whether the database locks rows


def _statement(session: AsyncSession, name: str) -> Any:
    """A turn's hot write, built once per dialect and executed with its values as parameters:
    SQLAlchemy then reuses the statement's cache key and compiled form, where a statement
    built at each call costs about 75 µs of coercions and cache keys (#19)."""
    locks = locks_rows(session)
    found = _BUILT.get((name, locks))
    if found is None:
        found = _BUILT[(name, locks)] = _BUILDERS[name](postgresql if locks else sqlite)
    return found


def _upsert(dialect: Any, model: type, keys: list[str], set_: Any) -> Any:
    table = table_of(model)
    statement = dialect.insert(table)
    columns = [table.c[key] for key in keys]
    return statement.on_conflict_do_update(index_elements=columns, set_=set_(table, statement))


def _update_by_id(model: type) -> Any:
    table = table_of(model)
    return update(table).where(table.c.id == bindparam("row_id"))


_BUILDERS: dict[str, Any] = {
    # The inserted and updated columns are the parameters' keys.
    "insert_inbound": lambda dialect: (
        dialect.insert(table_of(Message)).on_conflict_do_nothing().returning(table_of(Message).c.id)
    ),
    "claim_inbound": lambda _: update(table_of(Message)).where(
        table_of(Message).c.id == bindparam("message_id"),
        table_of(Message).c.status == "received",
    ),
    "update_contact": lambda _: _update_by_id(Contact),
    "update_conversation": lambda _: _update_by_id(Conversation),
    "write_state": lambda dialect: _upsert(
        dialect,
        ConversationState,
        ["conversation_id"],
        lambda _, statement: {
            "data": statement.excluded.data,
            "updated_at": statement.excluded.updated_at,
        },
    ),
    "count": lambda dialect: _upsert(
        dialect,
        DailyCount,
        ["day", "channel", "metric", "label"],
        lambda table, _: {"count": table.c.count + 1},
    ),
}
_BUILT: dict[tuple[str, bool], Any] = {}


async def claim_inbound(session: AsyncSession, message_id: int, intent: str | None) -> bool:
    """Mark an inbound message processed, if its turn was not done yet: False when another
    process finished it first (the authoritative exactly-once check, in the turn's writes)."""
    done = await session.execute(
        _statement(session, "claim_inbound"),
        {"message_id": message_id, "status": "processed", "intent": intent},
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


async def update_row(
    session: AsyncSession, row: Contact | Conversation, values: dict[str, Any]
) -> None:
    """Update a loaded contact or conversation with one Core statement, and keep the object in
    step without making it dirty (nothing is left for the unit of work to flush)."""
    name = "update_contact" if isinstance(row, Contact) else "update_conversation"
    await session.execute(_statement(session, name), {**values, "row_id": row.id})
    for name, value in values.items():
        set_committed_value(row, name, value)


async def write_state(session: AsyncSession, conversation_id: int, data: dict[str, Any]) -> None:
    """Store the state (`DialogueState.to_json()`) in one statement: an upsert, so two turns of
    one conversation that both found no row (SQLite does not lock it) do not collide."""
    await session.execute(
        _statement(session, "write_state"),
        {"conversation_id": conversation_id, "data": dict(data), "updated_at": utcnow()},
    )


async def insert_outbound(
    session: AsyncSession,
    conversation: Conversation,
    items: Sequence[tuple[str, dict[str, Any], int | None]],
    *,
    status: str = "queued",
    author: str = "bot",
) -> list[int]:
    """Store a turn's replies (text, payload, segments) in one statement; their ids in order."""
    if not items:
        return []
    now = utcnow()
    table = table_of(Message)
    rows = [
        {
            "conversation_id": conversation.id,
            "channel": conversation.channel,
            "direction": "out",
            "author": author,
            "text": text,
            "payload": payload,
            "status": status,
            "segments": segments,
            "next_attempt_at": now if status == "queued" else None,
            "sent_at": now if status == "sent" else None,
            "created_at": now,
        }
        for text, payload, segments in items
    ]
    # One statement: SQLAlchemy's "insertmanyvalues" sends the rows as one multi-row VALUES,
    # compiled once and cached (`.values(rows)` would be compiled anew at every turn, about a
    # millisecond, #19). Its rows take ascending ids in their order (SQLite's rowids,
    # PostgreSQL's sequence): sorted, the returned ids match the replies' order.
    # (SQLAlchemy's sort_by_parameter_order would insert row by row on SQLite.)
    inserted = await session.execute(insert(table).returning(table.c.id), rows)
    return sorted(int(found) for found in inserted.scalars())


async def load_state(session: AsyncSession, conversation_id: int) -> dict[str, Any]:
    """The stored JSON of a conversation's state ({} when there is none); the dialogue reads
    it with `bot.dialogue.state.DialogueState.from_json`."""
    row = await session.get(ConversationState, conversation_id)
    return dict(row.data) if row is not None and row.data else {}


async def save_state(session: AsyncSession, conversation_id: int, data: dict[str, Any]) -> None:
    """Replace the stored state (`DialogueState.to_json()`)."""
    row = await session.get(ConversationState, conversation_id)
    if row is None:
        session.add(ConversationState(conversation_id=conversation_id, data=dict(data)))
    else:
        row.data = dict(data)
        row.updated_at = utcnow()


async def queue_outbound(
    session: AsyncSession,
    conversation: Conversation,
    *,
    text: str,
    payload: dict[str, Any],
    status: str = "queued",
    author: str = "bot",
    segments: int | None = None,
) -> Message:
    """Store an outbound message before it is handed to a channel."""
    now = utcnow()
    message = Message(
        conversation_id=conversation.id,
        channel=conversation.channel,
        direction="out",
        author=author,
        text=text,
        payload=payload,
        status=status,
        segments=segments,
        next_attempt_at=now if status == "queued" else None,
        sent_at=now if status == "sent" else None,
    )
    session.add(message)
    await session.flush()
    return message


async def open_ticket(session: AsyncSession, conversation_id: int) -> Ticket | None:
    """The conversation's queued or assigned ticket, if any."""
    return await session.scalar(
        select(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.status.in_(OPEN_TICKET))
        .order_by(Ticket.id.desc())
    )


async def request_ticket(
    session: AsyncSession,
    conversation: Conversation,
    *,
    priority: str,
    reason: str,
    topic: str | None,
    lang: str | None,
    danger: str | None = None,
    source: str | None = None,
    written_lang: str | None = None,
) -> Ticket:
    """Open a ticket, or raise the priority of the one already open. An urgent ticket's topic
    is its danger category (the console shows it); a ticket raised to urgent takes it too.
    `written_lang`: the language we do not speak that the message was written in, if any."""
    ticket = await open_ticket(session, conversation.id)
    if ticket is not None:
        if written_lang and not ticket.written_lang:
            ticket.written_lang = written_lang
        if priority == "urgent" and ticket.priority != "urgent":
            ticket.priority = "urgent"
            ticket.topic = danger or topic
            session.add(TicketEvent(ticket_id=ticket.id, kind="raised", detail=danger or reason))
        return ticket
    ticket = Ticket(
        conversation_id=conversation.id,
        priority=priority,
        reason=reason,
        topic=topic,
        channel=conversation.channel,
        lang=lang,
        written_lang=written_lang,
        source=source,
    )
    session.add(ticket)
    await session.flush()
    session.add(TicketEvent(ticket_id=ticket.id, kind="created", detail=reason))
    conversation.status = "handoff"
    return ticket


DANGER_AFTER_OPTOUT = "after_optout"


async def mark_danger_after_optout(session: AsyncSession, ticket: Ticket) -> None:
    """Record that this urgent ticket came from a danger message sent after an opt-out: a
    caseworker's reply to it may pass the opt-out (once per ticket)."""
    already = await session.scalar(
        select(TicketEvent.id).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.kind == DANGER_AFTER_OPTOUT
        )
    )
    if already is None:
        session.add(TicketEvent(ticket_id=ticket.id, kind=DANGER_AFTER_OPTOUT))


PROVIDER_BLOCKED = "provider_blocked"
QUICK_EXIT = "quick_exit"


async def mark_ticket_event(session: AsyncSession, conversation_id: int, kind: str) -> None:
    """Record an event (provider_blocked, quick_exit) once on the conversation's open ticket."""
    ticket = await open_ticket(session, conversation_id)
    if ticket is None:
        return
    already = await session.scalar(
        select(TicketEvent.id).where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == kind)
    )
    if already is None:
        session.add(TicketEvent(ticket_id=ticket.id, kind=kind))


async def answers_danger_after_optout(session: AsyncSession, conversation_id: int) -> bool:
    """The conversation's open ticket is urgent and was raised by danger after an opt-out."""
    ticket = await open_ticket(session, conversation_id)
    if ticket is None or ticket.priority != "urgent":
        return False
    found = await session.scalar(
        select(TicketEvent.id).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.kind == DANGER_AFTER_OPTOUT
        )
    )
    return found is not None


async def close_open_tickets(
    session: AsyncSession,
    conversation: Conversation,
    outcome: str,
    *,
    caseworker_id: int | None = None,
) -> None:
    """Close whatever ticket is open and hand the conversation back to the bot."""
    ticket = await open_ticket(session, conversation.id)
    if ticket is not None:
        ticket.status = "closed"
        ticket.closed_at = utcnow()
        ticket.outcome = outcome
        session.add(
            TicketEvent(
                ticket_id=ticket.id, caseworker_id=caseworker_id, kind="closed", detail=outcome
            )
        )
    conversation.status = "bot"


async def median_wait(session: AsyncSession, *, now: datetime | None = None) -> timedelta | None:
    """Median time from queued to claimed over the last seven days, None without history."""
    now = now or utcnow()
    rows = await session.execute(
        select(Ticket.created_at, Ticket.claimed_at).where(
            Ticket.claimed_at.is_not(None), Ticket.claimed_at >= now - timedelta(days=7)
        )
    )
    waits = [(claimed - created).total_seconds() for created, claimed in rows if claimed]
    if not waits:
        return None
    return timedelta(seconds=statistics.median(waits))


async def erase_conversation(
    session: AsyncSession, conversation: Conversation, contact: Contact
) -> None:
    """Delete a person's messages, state and tickets; keep the rows needed to confirm it."""
    ticket_ids = select(Ticket.id).where(Ticket.conversation_id == conversation.id)
    await session.execute(delete(TicketEvent).where(TicketEvent.ticket_id.in_(ticket_ids)))
    await session.execute(delete(Ticket).where(Ticket.conversation_id == conversation.id))
    await media.erase_conversations(session, [conversation.id])
    await _forget_flags(session, [conversation.id])
    await session.execute(delete(Message).where(Message.conversation_id == conversation.id))
    await session.execute(
        delete(ConversationState).where(ConversationState.conversation_id == conversation.id)
    )
    await inbound.erase_sender(session, contact.channel, contact.address_hash)
    contact.lang = None
    contact.province = None
    # The confirmation still has to reach the person; the outbox (or the retention sweep, at
    # the latest a minute later) removes what is left once it is sent.
    conversation.status = "erasing"
    conversation.turns = 0


# bot/quality/models.py's Flag, named here so storage does not import the quality package.
QUALITY_FLAGS = table("quality_flags", column("message_id"), column("note"))


async def _forget_flags(session: AsyncSession, conversation_ids: Any) -> None:
    """(#18) A caseworker's flag on one of the person's answers keeps its kind and article
    (what the content needs), not its note (their words about the conversation) nor the link
    to the person's message."""
    theirs = select(Message.id).where(Message.conversation_id.in_(conversation_ids))
    await session.execute(
        update(QUALITY_FLAGS)
        .where(QUALITY_FLAGS.c.message_id.in_(theirs))
        .values(note=None, message_id=None)
    )


async def purge_contact(session: AsyncSession, contact_id: int) -> None:
    """Remove everything left of a contact; an opted-out one keeps only its keyed hash."""
    contact = await session.get(Contact, contact_id)
    if contact is None:
        return
    conversation_ids = select(Conversation.id).where(Conversation.contact_id == contact_id)
    ticket_ids = select(Ticket.id).where(Ticket.conversation_id.in_(conversation_ids))
    await session.execute(delete(TicketEvent).where(TicketEvent.ticket_id.in_(ticket_ids)))
    await session.execute(delete(Ticket).where(Ticket.conversation_id.in_(conversation_ids)))
    await media.erase_conversations(session, conversation_ids)
    await _forget_flags(session, conversation_ids)
    await session.execute(delete(Message).where(Message.conversation_id.in_(conversation_ids)))
    await session.execute(
        delete(ConversationState).where(ConversationState.conversation_id.in_(conversation_ids))
    )
    await session.execute(delete(Conversation).where(Conversation.contact_id == contact_id))
    await inbound.erase_sender(session, contact.channel, contact.address_hash)
    if contact.opted_out:
        contact.address_enc = None
        contact.lang = None
        contact.province = None
    else:
        await session.delete(contact)


async def count(session: AsyncSession, *, channel: str, metric: str, label: str = "") -> None:
    """Add one to an anonymous daily counter (kept after messages are deleted): one upsert."""
    day = utcnow().date().isoformat()
    await session.execute(
        _statement(session, "count"),
        {"day": day, "channel": channel, "metric": metric, "label": label, "count": 1},
    )


async def messages_of(session: AsyncSession, conversation_id: int) -> list[Message]:
    """The whole transcript of a conversation, oldest first."""
    rows = await session.scalars(
        select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
    )
    return list(rows)


async def queue_depth(session: AsyncSession) -> int:
    """How many outbound messages wait in the outbox."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.direction == "out", Message.status == "queued")
        )
        or 0
    )
