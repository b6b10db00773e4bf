"""Writing the quality loop's rows: turn labels, ratings, flags, unanswered questions.

Called from the engine's hook (bot/flows/rating.py names what a turn carries) and from the
console's flag action. Labels and masked text only; `person` is a keyed hash (see models.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.quality.masking import mask_question
from bot.quality.models import Flag, Rating, TurnStat, Unanswered
from bot.storage.crypto import Protector
from bot.storage.models import Message, table_of, utcnow

FLAG_KINDS = ("wrong", "outdated", "missing")
MAX_NOTE = 1000


def person_key(protector: Protector, contact_id: int) -> str:
    """A keyed hash of the contact row: counts people, links to nothing after erasure."""
    return protector.lookup_hash("quality", str(contact_id))[:32]


async def record_turn(
    session: AsyncSession,
    *,
    person: str,
    channel: str,
    lang: str,
    flow: str,
    topic: str | None,
    article_id: str | None,
    fallback: bool,
    clarify: bool,
    urgent: bool,
    danger: str | None,
    province: str | None,
    text: str,
    now: datetime | None = None,
) -> None:
    """One turn's labels; a question the assistant could not answer is kept, masked.

    Core inserts, written at once (a turn's hot path: no unit of work to flush, #19)."""
    now = now or utcnow()
    await session.execute(
        _INSERT_TURN,
        {
            "day": now.date().isoformat(),
            "channel": channel,
            "lang": lang,
            "flow": flow[:32],
            "topic": topic,
            "article_id": article_id,
            "province": province,
            "fallback": fallback,
            "clarify": clarify,
            "urgent": urgent,
            "danger": danger,
            "person": person,
            "at": now,
        },
    )
    if fallback and not urgent and text.strip():
        await session.execute(
            insert(table_of(Unanswered)).values(
                text=mask_question(text), lang=lang, channel=channel, person=person, at=now
            )
        )


# Built once; the columns are the parameters' keys (a turn's hot path, #19).
_INSERT_TURN = insert(table_of(TurnStat))


async def record_rating(
    session: AsyncSession,
    *,
    person: str,
    channel: str,
    lang: str,
    article_id: str,
    value: int,
    now: datetime | None = None,
) -> None:
    """A 👍 (+1) or 👎 (-1) on one article's answer."""
    now = now or utcnow()
    await session.execute(
        insert(table_of(Rating)).values(
            day=now.date().isoformat(),
            channel=channel,
            lang=lang,
            article_id=article_id[:96],
            value=1 if value > 0 else -1,
            person=person,
            at=now,
        )
    )


async def flag(
    session: AsyncSession, message: Message, caseworker_id: int, kind: str, note: str
) -> Flag:
    """A caseworker's flag on a bot answer; ValueError for an unknown kind."""
    if kind not in FLAG_KINDS:
        raise ValueError(kind)
    payload = message.payload or {}
    article = payload.get("article_id") or payload.get("article")
    if not article:
        article = await _article_before(session, message)
    row = Flag(
        message_id=message.id,
        article_id=str(article)[:96] if article else None,
        kind=kind,
        note=note.strip()[:MAX_NOTE] or None,
        caseworker_id=caseworker_id,
    )
    session.add(row)
    await session.flush()
    return row


async def _article_before(session: AsyncSession, message: Message) -> str | None:
    """The article a bot message answered from: the intent or button of the message before."""
    inbound = await session.scalar(
        select(Message)
        .where(
            Message.conversation_id == message.conversation_id,
            Message.direction == "in",
            Message.id < message.id,
        )
        .order_by(Message.id.desc())
        .limit(1)
    )
    if inbound is None:
        return None
    choice = str((inbound.payload or {}).get("choice_id") or "")
    if choice.startswith("article:"):
        return choice.split(":", 1)[1]
    if inbound.intent and inbound.intent.startswith("kb."):
        return inbound.intent[3:]
    return None


async def forget_person(session: AsyncSession, protector: Protector, contact_id: int) -> None:
    """Erasure (BORRAR, /delete): the person's turn labels, ratings and unanswered questions go.
    (Flags on their answers are anonymised by the erasure itself, bot.storage.repository, which
    runs before this hook and deletes the messages they point at.)"""
    person = person_key(protector, contact_id)
    for model in (TurnStat, Rating, Unanswered):
        await session.execute(delete(model).where(model.person == person))
