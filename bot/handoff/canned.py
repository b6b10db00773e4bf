"""Canned replies per language: supervisors write them, caseworkers insert them."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import CannedReply

LANGS = ("es", "en")


class CannedError(ValueError):
    """A canned reply that cannot be saved."""


async def for_lang(session: AsyncSession, lang: str | None) -> list[CannedReply]:
    """The canned replies of one language, by title."""
    rows = await session.scalars(
        select(CannedReply).where(CannedReply.lang == (lang or "es")).order_by(CannedReply.title)
    )
    return list(rows)


async def every(session: AsyncSession) -> list[CannedReply]:
    """All canned replies, by language then title."""
    rows = await session.scalars(select(CannedReply).order_by(CannedReply.lang, CannedReply.title))
    return list(rows)


async def add(
    session: AsyncSession, *, lang: str, title: str, text: str, created_by: int
) -> CannedReply:
    """Save a new canned reply."""
    title, text = title.strip(), text.strip()
    if lang not in LANGS:
        raise CannedError("language must be es or en")
    if not title or not text:
        raise CannedError("title and text are required")
    reply = CannedReply(lang=lang, title=title[:128], text=text[:4000], created_by=created_by)
    session.add(reply)
    await session.flush()
    return reply


async def remove(session: AsyncSession, reply_id: int) -> bool:
    """Delete one; False when it did not exist."""
    result = await session.execute(delete(CannedReply).where(CannedReply.id == reply_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
