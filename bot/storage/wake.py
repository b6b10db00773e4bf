"""Wake-ups for the queue workers: a worker sleeps until work is enqueued, not for an interval.

In one process, every worker that waits on a queue holds its own `asyncio.Event`
(`waiter(queue)`), on whichever event loop it runs (the app runs its workers on a loop of their
own, in a thread: bot/web/workers.py). `await notify(session, queue)`, called inside the
transaction that enqueues the work, sets all of them right after that transaction commits:
never before (a worker woken early finds nothing and sleeps its whole interval) and never after
a rollback (a repeated delivery is no work). On PostgreSQL the same call issues `NOTIFY` in
the transaction, which the database delivers at commit to every process: each app process keeps
one `LISTEN` connection (`Listener`) that sets its own waiters.

Polling stays as the fallback, at the workers' usual interval: it is what finds work left by a
crash (an expired lease) and what keeps the workers going while the listener is down. A failed
listener is logged, and reconnects with back-off; on every (re)connect it wakes its waiters
once, for what was enqueued while it was deaf.

Imports nothing of `bot` (bot.loops and the workers depend on it, not the other way round).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import weakref
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, make_url, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

PREFIX = "rumbo_"  # the NOTIFY channel of queue `inbound` is `rumbo_inbound`
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_PENDING = "rumbo_wake"  # Session.info key: queues to wake once the transaction commits
_NOTIFY = text("SELECT pg_notify(:channel, '')")

QUEUES = ("inbound", "outbox")  # the queues an app process listens for

# queue -> {event: the loop it was made on}; weak, so a worker that is gone is forgotten.
_waiters: dict[str, weakref.WeakKeyDictionary[asyncio.Event, asyncio.AbstractEventLoop | None]] = {}
_lock = threading.Lock()  # the webhooks' thread and the workers' thread both kick


def channel(queue: str) -> str:
    """The PostgreSQL NOTIFY channel of a queue (a fixed prefix, a checked name)."""
    if not _NAME.match(queue):
        raise ValueError(f"not a queue name: {queue!r}")
    return PREFIX + queue


def waiter(queue: str) -> asyncio.Event:
    """A new event, set whenever work is enqueued on `queue` (here or, through the listener, in
    another process). One per worker: `poll_forever` clears its event before every pass, which
    must not swallow another worker's wake-up. Made on the worker's own event loop."""
    channel(queue)  # check the name once, here
    ready = asyncio.Event()
    try:
        loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:  # built outside a loop (a test): set directly
        loop = None
    with _lock:
        _waiters.setdefault(queue, weakref.WeakKeyDictionary())[ready] = loop
    return ready


def kick(queue: str) -> None:
    """Set every waiter of `queue` in this process now, from any thread: an event of another
    loop is set on that loop (asyncio.Event is not thread-safe)."""
    with _lock:
        targets = list(_waiters.get(queue, {}).items())
    try:
        here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        here = None
    for ready, loop in targets:
        if loop is None or loop is here:
            ready.set()
        elif not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # closed meanwhile
                loop.call_soon_threadsafe(ready.set)


async def notify(session: AsyncSession, queue: str) -> None:
    """Inside the enqueuing transaction: wake `queue`'s workers once it commits, in this process
    at once and, on PostgreSQL, in every process through NOTIFY (delivered only on commit)."""
    name = channel(queue)
    session.info.setdefault(_PENDING, set()).add(queue)
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        await session.execute(_NOTIFY, {"channel": name})


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for queue in session.info.pop(_PENDING, ()):
        kick(queue)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


class Listener:
    """One LISTEN connection of an app process (PostgreSQL only): a NOTIFY on a queue's channel
    sets this process's waiters of that queue. Runs until cancelled; never raises."""

    def __init__(
        self,
        database_url: str,
        queues: Iterable[str],
        *,
        check_every: float = 30.0,
        max_backoff: float = 30.0,
    ):
        url = make_url(database_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self.queues = {channel(queue): queue for queue in queues}
        self.check_every = check_every
        self.max_backoff = max_backoff
        self.connected = asyncio.Event()  # for tests and /readyz-style checks

    def _on_notify(self, _conn: Any, _pid: int, name: str, _payload: str) -> None:
        queue = self.queues.get(name)
        if queue is not None:
            kick(queue)

    async def run_forever(self) -> None:
        """Listen; on any failure wait (1 s, doubling up to `max_backoff`) and listen again. The
        workers poll meanwhile, so a missed notification only costs latency."""
        backoff = 1.0
        while True:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - polling covers for any listener failure
                # Only the kind: connection errors can quote the DSN.
                log.warning("wake listener down", extra={"error": type(exc).__name__})
            if self.connected.is_set():
                backoff = 1.0  # it had worked: try again soon
            self.connected.clear()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, self.max_backoff)

    async def _listen(self) -> None:
        import asyncpg

        conn = await asyncpg.connect(self._dsn, timeout=10)
        closed = asyncio.Event()
        conn.add_termination_listener(lambda _conn: closed.set())
        try:
            for name in self.queues:
                await conn.add_listener(name, self._on_notify)
            self.connected.set()
            for queue in self.queues.values():
                kick(queue)  # whatever was enqueued while nobody listened
            while not closed.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.check_every):
                        await closed.wait()
                if not closed.is_set():
                    # A half-open connection (the server restarted) is not noticed otherwise.
                    async with asyncio.timeout(10):
                        await conn.execute("SELECT 1")
            raise ConnectionError("listener connection closed")
        finally:
            with contextlib.suppress(Exception):
                await conn.close(timeout=2)
