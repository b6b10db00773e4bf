"""What a caseworker sees of a conversation: transcript, ticket history, and a masked address.

Only what the work needs is decrypted: the address is shown as its last three characters, so a
caseworker can tell two people apart on the phone without ever seeing a full number or chat id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import repository as repo
from bot.storage.crypto import Protector
from bot.storage.models import Caseworker, Contact, Conversation, Message, Ticket, TicketEvent

VISIBLE_TAIL = 3


def mask_address(channel: str, address: str | None) -> str:
    """`•••123` for a phone or chat id; web sessions are random and shown as such."""
    if channel == "web":
        return "web session"
    if not address:
        return "(erased)"
    digits = "".join(ch for ch in address if ch.isalnum())
    return "•••" + digits[-VISIBLE_TAIL:] if len(digits) > VISIBLE_TAIL else "•••"


@dataclass(slots=True)
class Line:
    """One message of the transcript."""

    id: int
    direction: str
    author: str
    channel: str
    text: str
    status: str
    at: datetime
    segments: int | None


@dataclass(slots=True)
class TicketHistory:
    """A ticket and its events, oldest first."""

    ticket: Ticket
    events: list[tuple[TicketEvent, str | None]] = field(default_factory=list)


@dataclass(slots=True)
class CaseFile:
    """Everything the conversation view shows."""

    conversation: Conversation
    channel: str
    masked_address: str
    lang: str | None
    province: str | None
    opted_out: bool
    transcript: list[Line]
    tickets: list[TicketHistory]

    def _open_event(self, kind: str) -> bool:
        return any(
            history.ticket.status in repo.OPEN_TICKET
            and any(event.kind == kind for event, _ in history.events)
            for history in self.tickets
        )

    @property
    def provider_blocked(self) -> bool:
        """The provider refuses every message to this person (Twilio 21610 after their STOP)."""
        return self._open_event(repo.PROVIDER_BLOCKED)

    @property
    def quick_exit(self) -> bool:
        """The person left the web chat by the quick-exit button while the ticket was open."""
        return self._open_event(repo.QUICK_EXIT)

    @property
    def danger_after_optout(self) -> bool:
        """The open urgent ticket came from danger written after an opt-out."""
        return self._open_event(repo.DANGER_AFTER_OPTOUT)

    @property
    def open_ticket(self) -> Ticket | None:
        """The queued or assigned ticket, if any."""
        for history in reversed(self.tickets):
            if history.ticket.status in repo.OPEN_TICKET:
                return history.ticket
        return None


def author_label(author: str, names: dict[int, str]) -> str:
    """`person`, `bot`, or the caseworker's name."""
    if author.startswith("caseworker:"):
        raw = author.split(":", 1)[1]
        return names.get(int(raw), f"caseworker {raw}") if raw.isdigit() else author
    return author


async def load(
    session: AsyncSession, protector: Protector, conversation_id: int
) -> CaseFile | None:
    """The case file of a conversation, or None when it does not exist (or was erased)."""
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        return None
    contact = await session.get(Contact, conversation.contact_id)
    if contact is None:
        return None
    address = protector.decrypt(contact.address_enc) if contact.address_enc else None
    rows = await session.execute(select(Caseworker.id, Caseworker.name))
    names: dict[int, str] = {cid: name for cid, name in rows.all()}
    messages: list[Message] = await repo.messages_of(session, conversation_id)
    transcript = [
        Line(
            m.id,
            m.direction,
            author_label(m.author, names),
            m.channel,
            m.text or "",
            m.status,
            m.created_at,
            m.segments,
        )
        for m in messages
    ]
    tickets = list(
        await session.scalars(
            select(Ticket).where(Ticket.conversation_id == conversation_id).order_by(Ticket.id)
        )
    )
    histories = []
    for ticket in tickets:
        events = await session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
        )
        histories.append(
            TicketHistory(ticket, [(e, names.get(e.caseworker_id or 0)) for e in events])
        )
    return CaseFile(
        conversation,
        conversation.channel,
        mask_address(conversation.channel, address),
        contact.lang,
        contact.province,
        contact.opted_out,
        transcript,
        histories,
    )
