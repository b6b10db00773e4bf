"""Retention: redact old messages, finish erasures, drop processed or given-up inbound events
(the shared queue), and the quality loop's rows on the same clock.

Safe to run in every app process at once: each step is an idempotent UPDATE or DELETE.
Anonymous counts (`daily_counts`) are kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import column, delete, select, table, update

from bot.loops import poll_forever
from bot.storage import inbound, media
from bot.storage import repository as repo
from bot.storage.db import Database
from bot.storage.models import Conversation, Message, TicketEvent, utcnow

log = logging.getLogger(__name__)

ERASE_GRACE = timedelta(seconds=60)
# bot/quality/models.py's tables, named here so storage does not import the quality package.
UNANSWERED = table("quality_unanswered", column("at"))
QUALITY_TURNS = table("quality_turns", column("at"))
RATINGS = table("quality_ratings", column("at"))
FLAGS = table("quality_flags", column("at"), column("note"))


@dataclass(slots=True)
class RetentionReport:
    """What one pass did."""

    redacted: int = 0
    erased: int = 0
    events_dropped: int = 0
    media_deleted: int = 0


async def run_retention(
    db: Database, *, retention_days: int, now: datetime | None = None
) -> RetentionReport:
    """One pass of every retention rule."""
    now = now or utcnow()
    report = RetentionReport()
    async with db.sessions.begin() as session:
        result = await session.execute(
            update(Message)
            .where(
                Message.created_at < now - timedelta(days=retention_days),
                Message.redacted.is_(False),
                Message.status.notin_(("queued", "sending")),
            )
            .values(text=None, payload=None, redacted=True)
        )
        report.redacted = result.rowcount or 0  # type: ignore[attr-defined]
        # (#17) voice notes, photos and documents go on the same clock as their messages.
        report.media_deleted = await media.expire(session, now - timedelta(days=retention_days))
        # Caseworkers' notes hold what the person told them: redacted on the same clock.
        notes = await session.execute(
            update(TicketEvent)
            .where(
                TicketEvent.kind == "note",
                TicketEvent.at < now - timedelta(days=retention_days),
                TicketEvent.detail.is_not(None),
            )
            .values(detail=None)
        )
        report.redacted += notes.rowcount or 0  # type: ignore[attr-defined]
        erasing = await session.scalars(
            select(Conversation.contact_id).where(
                Conversation.status == "erasing",
                Conversation.last_activity_at < now - ERASE_GRACE,
            )
        )
        for contact_id in list(erasing):
            await repo.purge_contact(session, contact_id)
            report.erased += 1
        report.events_dropped = await inbound.prune(session, now=now, retention_days=retention_days)
        # (#18) the quality loop on the same clock: unanswered questions (masked), turn labels
        # and ratings (each holds a person's keyed hash) go; a flag keeps its kind and article,
        # its note (a caseworker's words about the conversation) is dropped.
        old = now - timedelta(days=retention_days)
        for quality in (UNANSWERED, QUALITY_TURNS, RATINGS):
            gone = await session.execute(delete(quality).where(quality.c.at < old))
            report.redacted += gone.rowcount or 0  # type: ignore[attr-defined]
        flags = await session.execute(
            update(FLAGS).where(FLAGS.c.at < old, FLAGS.c.note.is_not(None)).values(note=None)
        )
        report.redacted += flags.rowcount or 0  # type: ignore[attr-defined]
    if report.redacted or report.erased or report.media_deleted:
        await db.settle_erasure()
    return report


async def retention_loop(db: Database, *, retention_days: int, interval: float = 30.0) -> None:
    """Run retention every `interval` seconds until cancelled."""

    async def one_pass() -> int:
        report = await run_retention(db, retention_days=retention_days)
        if report.redacted or report.erased:
            log.info("retention pass", extra={"redacted": report.redacted, "erased": report.erased})
        return 0  # never "more to do at once": the next pass is `interval` later

    await poll_forever(one_pass, name="retention", interval=interval)
