"""WhatsApp's 24-hour window: free-form replies only within 24 hours of the person's last message.

Outside it (a caseworker answers the next day) the reply is `held` in the outbox, and the approved
template ("Tienes una respuesta de Rumbo. Escribe LEER para verla.") is sent once instead, with
its ContentSid (RUMBO_WHATSAPP_TEMPLATE_SID, one per language). When the person writes again the
window is open: held replies go back to the queue, oldest first, before that turn's own replies,
and a template not yet sent is dropped. LEER (READ, VER) as the whole message only fetches them.
Twilio's error 63016 (free-form outside the window) lands here too: the window is judged from
our own clock first, and Twilio's answer corrects it.
https://www.twilio.com/docs/api/errors/63016
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.storage import repository as repo
from bot.storage.models import Contact, Conversation, Message, utcnow

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost

WINDOW = timedelta(hours=24)
# Our clock starts when the turn was processed, a little after Twilio received the message.
MARGIN = timedelta(minutes=10)
TEMPLATE_AUTHOR = "template"
READ_WORDS = frozenset({"leer", "read", "ver"})
TEMPLATE_TEXT = {
    "es": "Tienes una respuesta de Rumbo. Escribe LEER para verla.",
    "en": "You have a reply from Rumbo. Write READ to see it.",
}


def is_open(last_seen: datetime | None, now: datetime) -> bool:
    """True while a free-form message may still be sent."""
    return last_seen is not None and now - last_seen < WINDOW - MARGIN


def template_sids(settings: Settings) -> dict[str, str]:
    """RUMBO_WHATSAPP_TEMPLATE_SID (`es=HX…,en=HX…`) as a dict; a bare SID serves Spanish."""
    raw = settings.whatsapp_template_sid or ""
    sids: dict[str, str] = {}
    for part in raw.split(","):
        lang, sep, sid = part.strip().partition("=")
        if sep and sid.strip():
            sids[lang.strip().lower()] = sid.strip()
        elif lang.strip():
            sids.setdefault("es", lang.strip())
    return sids


def template_sid(settings: Settings, lang: str | None) -> str | None:
    """The approved template for a language, else the Spanish one."""
    sids = template_sids(settings)
    return sids.get(lang or "es") or sids.get("es")


async def window_open(
    runtime: ChannelHost, message_id: int, *, now: datetime | None = None
) -> bool:
    """Whether the person of this reply wrote within the window."""
    statement = (
        select(Contact.last_seen_at)
        .join(Conversation, Conversation.contact_id == Contact.id)
        .join(Message, Message.conversation_id == Conversation.id)
        .where(Message.id == message_id)
    )
    async with runtime.db.sessions() as session:
        last_seen = await session.scalar(statement)
    return is_open(last_seen, now or utcnow())


async def ask_to_read(
    runtime: ChannelHost,
    session: AsyncSession,
    conversation_id: int,
    *,
    now: datetime | None = None,
) -> bool:
    """Queue the template once per closed window (none already queued or sent since the
    person's last message); True when queued. The caller commits and wakes the outbox."""
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        return False
    contact = await session.get(Contact, conversation.contact_id)
    if contact is None:
        return False
    already = await session.scalar(
        select(Message.id).where(
            Message.conversation_id == conversation_id,
            Message.author == TEMPLATE_AUTHOR,
            Message.created_at >= contact.last_seen_at,
            Message.status.in_(("queued", "sending", "sent", "delivered", "read")),
        )
    )
    if already is not None:
        return False
    lang = contact.lang if contact.lang in TEMPLATE_TEXT else "es"
    await repo.queue_outbound(
        session,
        conversation,
        text=TEMPLATE_TEXT[lang],
        payload={"template": lang},
        author=TEMPLATE_AUTHOR,
    )
    return True


async def release(
    runtime: ChannelHost, channel: str, address: str, *, now: datetime | None = None
) -> int:
    """The person wrote: the window is open from now. Held replies go back to the queue and an
    unsent template is dropped; returns how many replies were released."""
    now = now or utcnow()
    async with runtime.db.sessions.begin() as session:
        contact = await repo.find_contact(session, runtime.protector, channel, address)
        if contact is None:
            return 0
        # Written now, not at the end of the turn: a released reply must not meet a closed
        # window in the outbox while the turn still runs.
        contact.last_seen_at = now
        conversations = select(Conversation.id).where(Conversation.contact_id == contact.id)
        await session.execute(
            update(Message)
            .where(
                Message.conversation_id.in_(conversations),
                Message.author == TEMPLATE_AUTHOR,
                Message.status == "queued",
            )
            .values(status="failed", last_error="not_needed", next_attempt_at=None)
        )
        released = await session.execute(
            update(Message)
            .where(Message.conversation_id.in_(conversations), Message.status == "held")
            .values(status="queued", next_attempt_at=now)
        )
        return int(released.rowcount or 0)  # type: ignore[attr-defined]


def only_reads(text: str) -> bool:
    """The whole message is LEER (READ, VER): fetch what is held, no turn of its own."""
    return text.strip().strip(".!¡¿? ").lower() in READ_WORDS
