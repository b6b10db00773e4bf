"""Tell the caseworkers' Telegram group about every new urgent ticket.

The announcement carries the ticket number, its priority and a console link, nothing else: no
name, number, chat id or message text ever leaves the console this way. It is sent through the
Telegram channel adapter's Bot API client (not through the outbox, which only writes to the
people we serve). A ticket is
announced once: its "announced" event is written in the same transaction that holds the ticket's
row lock (`SKIP LOCKED` on PostgreSQL), so several app processes never announce it twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Select, exists, select

from bot.config import Settings
from bot.i18n.group import urgent_announcement
from bot.loops import poll_forever
from bot.storage import repository as repo
from bot.storage.db import Database
from bot.storage.models import Ticket, TicketEvent, utcnow

log = logging.getLogger(__name__)

# Tickets older than this are not announced: turning the setting on must not flood the group.
LOOKBACK = timedelta(hours=24)
# A failed announcement is tried again, and again, within LOOKBACK: never given up on, but
# spaced out (exponential up to a minute, or what Telegram's 429 asks for). Failures are written
# to the ticket's history the first few times, then only every RECORD_EVERY-th time.
MAX_DELAY = 60.0
RECORD_FIRST, RECORD_EVERY = 3, 30

Send = Callable[[str, str], Awaitable[None]]


class AnnounceError(Exception):
    """The Bot API refused or could not be reached; retried later (`retry_after` seconds when
    Telegram said so)."""

    def __init__(self, reason: str, *, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


def console_link(settings: Settings, ticket_id: int) -> str:
    """The ticket's page in the console, absolute when a public URL is configured."""
    path = f"/console/tickets/{ticket_id}"
    return f"{settings.public_url.rstrip('/')}{path}" if settings.public_url else path


def announcement(settings: Settings, ticket: Ticket) -> str:
    """The whole message: number, priority, link. Never personal data."""
    return urgent_announcement(ticket.id, ticket.priority, console_link(settings, ticket.id))


class Announcing(Protocol):
    """What announcing needs from the Telegram channel adapter: a plain message to a group, which
    raises an exception with `reason` and `retry_after` (bot.channels.outbox.SendError)."""

    async def announce(self, chat_id: str, text: str) -> None:
        """Send one plain message."""
        ...


def through(adapter: Announcing) -> Send:
    """A send function over the Telegram adapter's client; its errors become AnnounceError."""

    async def send(chat_id: str, text: str) -> None:
        try:
            await adapter.announce(chat_id, text)
        except Exception as exc:  # noqa: BLE001 - SendError, or the adapter not started yet
            reason = str(getattr(exc, "reason", type(exc).__name__))
            raise AnnounceError(reason, retry_after=getattr(exc, "retry_after", None)) from exc

    return send


class UrgentAnnouncer:
    """Finds urgent tickets not yet announced and announces each once."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        send: Send,
        *,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.db = db
        self.settings = settings
        self.send = send
        self.clock = clock
        self.wake = asyncio.Event()
        self._failures: dict[int, int] = {}
        self._next_try: dict[int, datetime] = {}

    def _due(self) -> Select[Any]:
        announced = exists().where(
            TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "announced"
        )
        statement = (
            select(Ticket)
            .where(
                Ticket.priority == "urgent",
                Ticket.status.in_(repo.OPEN_TICKET),
                Ticket.created_at >= self.clock() - LOOKBACK,
                ~announced,
            )
            .order_by(Ticket.id)
            .limit(20)
        )
        if not self.db.is_sqlite:
            statement = statement.with_for_update(skip_locked=True, of=Ticket)
        return statement

    async def run_once(self) -> int:
        """Announce what is due; return how many announcements went out."""
        chat = self.settings.caseworker_telegram_chat
        if not chat:
            return 0
        sent = 0
        now = self.clock()
        async with self.db.sessions.begin() as session:
            tickets: list[Ticket] = list((await session.scalars(self._due())).all())
            for ticket in tickets:
                if self._next_try.get(ticket.id, now) > now:
                    continue
                try:
                    await self.send(chat, announcement(self.settings, ticket))
                except AnnounceError as exc:
                    failures = self._failures.get(ticket.id, 0) + 1
                    self._failures[ticket.id] = failures
                    delay = exc.retry_after or min(2.0**failures, MAX_DELAY)
                    self._next_try[ticket.id] = now + timedelta(seconds=delay)
                    log.warning(
                        "urgent announcement failed",
                        extra={"reason": exc.args[0], "failures": failures, "retry_in": delay},
                    )
                    if failures <= RECORD_FIRST or failures % RECORD_EVERY == 0:
                        session.add(
                            TicketEvent(
                                ticket_id=ticket.id, kind="announce_failed", detail=str(exc)
                            )
                        )
                    continue
                session.add(TicketEvent(ticket_id=ticket.id, kind="announced"))
                self._failures.pop(ticket.id, None)
                self._next_try.pop(ticket.id, None)
                sent += 1
        return sent

    async def run_forever(self, interval: float = 2.0) -> None:
        """Poll until cancelled; `wake` makes it look at once."""
        await poll_forever(self.run_once, name="announcer", interval=interval, wake=self.wake)


def enabled(settings: Settings) -> bool:
    """Announcements need a group chat and a bot to write with."""
    return bool(settings.caseworker_telegram_chat and settings.telegram_bot_token)
