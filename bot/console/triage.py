"""What the queue shows to triage at a glance, beyond the ticket row: why (the danger category or
the handoff reason), a masked preview of the person's last message, where they are (city or
province, never coordinates), and whether a message can still reach them.

Seams for the channel work: a city kept by the channel (`contact.city`, `contact.province`, or
`state["city"]`) is used when it exists; the WhatsApp window is read from
`contact.whatsapp_window_until` when the channel keeps it, else derived from the person's last
inbound WhatsApp message (24 h).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.handoff.tickets import QueueItem
from bot.knowledge.places import PROVINCES
from bot.quality.masking import mask, preview
from bot.storage.models import Contact, Conversation, ConversationState, Message
from bot.understanding.danger import CATEGORY_NAMES

WHATSAPP_WINDOW = timedelta(hours=24)


@dataclass(slots=True)
class Triage:
    """The extra facts of one queue row."""

    danger: str | None = None  # the danger category, when the ticket is for danger
    last_kind: str = "text"  # text | choice | location | media
    last_text: str = ""  # masked preview (a button's label for a press)
    city: str | None = None
    province: str | None = None  # province name
    opted_out: bool = False
    window_closed: bool = False  # WhatsApp: 24 h since their last message


def danger_of(item: QueueItem) -> str | None:
    """The safety flow keeps the danger category in the ticket's topic."""
    if item.topic in CATEGORY_NAMES and (item.reason == "danger" or item.priority == "urgent"):
        return item.topic
    return None


def place_of(contact: Contact, state: dict[str, Any]) -> tuple[str | None, str | None]:
    """(city, province name) from what the channel and the flows kept; never coordinates."""
    city = getattr(contact, "city", None) or state.get("city")
    code = state.get("province") or contact.province
    return (str(city) if city else None), (PROVINCES.get(str(code)) if code else None)


def window_closed(contact: Contact, last_in: datetime | None, now: datetime) -> bool:
    """Whether a free-form WhatsApp message can no longer reach the person."""
    until = getattr(contact, "whatsapp_window_until", None)
    if isinstance(until, datetime):
        return until <= now
    return last_in is None or now - last_in > WHATSAPP_WINDOW


def choice_label(choice_id: str, offered: list[Message]) -> str | None:
    """The label of a pressed button, from the latest reply that offered it."""
    for message in reversed(offered):
        payload = message.payload or {}
        for choice in payload.get("choices") or []:  # web chat, WhatsApp
            if isinstance(choice, dict) and choice.get("id") == choice_id:
                return str(choice.get("label") or "")
        for row in payload.get("buttons") or []:  # Telegram: rows of inline buttons
            for button in row if isinstance(row, list) else []:
                if isinstance(button, dict) and button.get("callback_data") == choice_id:
                    return str(button.get("text") or "")
    return None


async def _last_inbound(session: AsyncSession, conversation_id: int) -> Message | None:
    return await session.scalar(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.direction == "in")
        .order_by(Message.id.desc())
        .limit(1)
    )


async def _offers_before(session: AsyncSession, message: Message) -> list[Message]:
    rows = await session.scalars(
        select(Message)
        .where(
            Message.conversation_id == message.conversation_id,
            Message.direction == "out",
            Message.id < message.id,
        )
        .order_by(Message.id.desc())
        .limit(5)
    )
    return list(reversed(list(rows)))


def describe(message: Message, offers: list[Message]) -> tuple[str, str]:
    """(kind, masked text) of an inbound message, as the queue and transcript show it."""
    payload = message.payload or {}
    kind = str(payload.get("kind") or "text")
    if kind == "choice" and payload.get("choice_id"):
        found = choice_label(str(payload["choice_id"]), offers)
        return "choice", found or (message.text or "")
    if kind in ("location", "media"):
        return kind, mask(message.text or "")
    return "text", mask(message.text or "")


async def triage(session: AsyncSession, items: list[QueueItem], now: datetime) -> dict[int, Triage]:
    """The triage facts of every queued ticket, by ticket id."""
    out: dict[int, Triage] = {}
    for item in items:
        facts = Triage(danger=danger_of(item))
        conversation = await session.get(Conversation, item.conversation_id)
        contact = await session.get(Contact, conversation.contact_id) if conversation else None
        state_row = await session.get(ConversationState, item.conversation_id)
        state = dict(state_row.data or {}) if state_row else {}
        last = await _last_inbound(session, item.conversation_id)
        if last is not None:
            kind, text = describe(last, await _offers_before(session, last))
            facts.last_kind, facts.last_text = kind, preview(text)
        if contact is not None:
            facts.city, facts.province = place_of(contact, state)
            facts.opted_out = bool(contact.opted_out)
            if item.channel == "whatsapp":
                last_in = await session.scalar(
                    select(func.max(Message.created_at)).where(
                        Message.conversation_id == item.conversation_id,
                        Message.direction == "in",
                        Message.channel == "whatsapp",
                    )
                )
                facts.window_closed = window_closed(contact, last_in, now)
        out[item.id] = facts
    return out


@dataclass(frozen=True, slots=True)
class MediaView:
    """One file of a message as the transcript shows it: played, shown, linked, or refused."""

    kind: str  # audio | image | document | other
    url: str | None = None  # /console/media/{id}, served to signed-in caseworkers only
    content_type: str = ""
    problem: str | None = None  # too_big | unsupported | unavailable: never received


@dataclass(slots=True)
class MessageView:
    """How the transcript shows one message beyond its text."""

    kind: str = "text"  # text | choice | location | media
    label: str = ""  # the button pressed
    place: str | None = None  # a location's place name, when the channel kept one
    media: list[MediaView] = field(default_factory=list)  # voice notes, photos, documents
    flags: list[str] = field(default_factory=list)  # wrong | outdated | missing, by caseworkers


def media_views(message: Message) -> list[MediaView]:
    """The files that came with a message, from its payload (bot/storage/media.py notes them)."""
    notes = (message.payload or {}).get("media")
    views: list[MediaView] = []
    for note in notes if isinstance(notes, list) else []:
        if not isinstance(note, dict):
            continue
        kind = str(note.get("kind") or "other")
        media_id = note.get("id")
        if isinstance(media_id, int) and not isinstance(media_id, bool):
            views.append(MediaView(kind, f"/console/media/{media_id}", str(note.get("type") or "")))
        else:
            views.append(MediaView(kind, problem=str(note.get("problem") or "unavailable")))
    return views


async def message_views(session: AsyncSession, conversation_id: int) -> dict[int, MessageView]:
    """Views of the messages that need more than their text: presses, locations, media, flags."""
    from bot.quality.models import Flag

    rows = list(
        await session.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
        )
    )
    flagged: dict[int, list[str]] = {}
    found = await session.execute(
        select(Flag.message_id, Flag.kind).where(Flag.message_id.in_([m.id for m in rows]))
    )
    for message_id, kind in found:
        if message_id is not None:
            flagged.setdefault(message_id, []).append(kind)
    views: dict[int, MessageView] = {}
    offers: list[Message] = []
    for message in rows:
        payload = message.payload or {}
        view = MessageView()
        if message.direction == "out":
            offers = [*offers[-4:], message]
        else:
            kind = str(payload.get("kind") or "text")
            if kind == "choice" and payload.get("choice_id"):
                pressed = choice_label(str(payload["choice_id"]), offers)
                view.kind, view.label = "choice", pressed or message.text or ""
            elif kind == "location":
                view.kind = "location"
                place = payload.get("place")  # seam: a place name the channel derived
                view.place = str(place) if isinstance(place, str) and place else None
            elif kind == "media":
                view.kind = "media"
            view.media = media_views(message)
            if view.media:
                # a photo with a caption is a text turn: its picture is still shown
                view.kind = "media"
        if message.id in flagged:
            view.flags = sorted(set(flagged[message.id]))
        if view.kind != "text" or view.flags:
            views[message.id] = view
    return views


async def place_of_conversation(
    session: AsyncSession, conversation_id: int
) -> tuple[str | None, str | None]:
    """(city, province name) of a conversation's person."""
    conversation = await session.get(Conversation, conversation_id)
    contact = await session.get(Contact, conversation.contact_id) if conversation else None
    if contact is None:
        return None, None
    state_row = await session.get(ConversationState, conversation_id)
    return place_of(contact, dict(state_row.data or {}) if state_row else {})


def danger_of_ticket(ticket: Any) -> str | None:
    """The danger category of a ticket row (kept in its topic by the safety flow)."""
    if ticket.topic in CATEGORY_NAMES and (
        ticket.reason == "danger" or ticket.priority == "urgent"
    ):
        return str(ticket.topic)
    return None
