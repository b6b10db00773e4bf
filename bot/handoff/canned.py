"""Canned replies per language: supervisors write and edit them, caseworkers insert them.

Starter replies ship in canned_seed.yml (asking for the city, documents to bring, office hours,
closing a case); migration 0006_quality inserts them once, and from then on they are ordinary
rows that supervisors edit or delete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import CannedReply

LANGS = ("es", "en")
SEED_FILE = Path(__file__).with_name("canned_seed.yml")
# Where a canned text says the working hours go (either word, in either language).
HOURS_MARKS = ("{horario}", "{hours}")


@dataclass(frozen=True, slots=True)
class Insertable:
    """A canned reply as the reply box offers it, the working hours filled in."""

    title: str
    text: str


def seed_rows() -> list[dict[str, str]]:
    """The starter replies: `lang`, `title`, `text` each."""
    rows = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8")) or []
    return [{"lang": r["lang"], "title": r["title"], "text": r["text"]} for r in rows]


async def seed(session: AsyncSession) -> int:
    """Insert the starter replies whose title is not there yet (tests; the migration does it
    for a real database); returns how many were added."""
    have = {
        (r[0], r[1]) for r in await session.execute(select(CannedReply.lang, CannedReply.title))
    }
    added = 0
    for row in seed_rows():
        if (row["lang"], row["title"]) not in have:
            session.add(CannedReply(**row))
            added += 1
    await session.flush()
    return added


def fill_hours(text: str, hours: str) -> str:
    """A canned text with the working hours put in."""
    for mark in HOURS_MARKS:
        text = text.replace(mark, hours)
    return text


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


async def edit(session: AsyncSession, reply_id: int, *, title: str, text: str) -> bool:
    """Change a reply's title and text; False when it did not exist."""
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise CannedError("title and text are required")
    reply = await session.get(CannedReply, reply_id)
    if reply is None:
        return False
    reply.title, reply.text = title[:128], text[:4000]
    return True


async def remove(session: AsyncSession, reply_id: int) -> bool:
    """Delete one; False when it did not exist."""
    result = await session.execute(delete(CannedReply).where(CannedReply.id == reply_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
