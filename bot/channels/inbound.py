"""One worker drains the shared inbound queue (bot/storage/inbound.py) for every channel: one
sender at a time, different senders concurrently, each event handed to its channel's handler.

Webhooks (and Telegram's poller) store through `accept_inbound`, the one enqueue point, which
wakes the worker; the worker also looks on its own every `interval` seconds, which is how events
left pending by a crash (here or in another process) are finished. A handler that raises leaves
its event for a retry with back-off; after MAX_ATTEMPTS the event is given up and wiped. One bad
event never blocks another sender, nor the worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from bot.loops import poll_forever
from bot.storage import repository as repo
from bot.storage import wake
from bot.storage.inbound import InboundQueue, QueuedEvent, enqueue_inbound

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost

log = logging.getLogger(__name__)

Handler = Callable[[QueuedEvent], Awaitable[None]]


async def accept_inbound(
    host: ChannelHost,
    *,
    channel: str,
    external_id: str,
    sender: str | None,
    data: dict[str, Any],
    sequence: int | None = None,
) -> bool:
    """Store one delivery (sealed, committed) and wake the workers once it commits (in every
    process, through NOTIFY on PostgreSQL); False for a repeat. The only place a channel
    enqueues an inbound event. Webhooks store through their own small pool (`db.intake`), so
    they never wait for a connection a turn holds."""
    async with host.db.intake.begin() as session:
        stored = await enqueue_inbound(
            session,
            host.protector,
            channel=channel,
            external_id=external_id,
            sender=sender,
            data=data,
            sequence=sequence,
        )
        if stored:
            await wake.notify(session, "inbound")
    return stored


class InboundWorker:
    """Claims stored events of the channels it has handlers for, at most `concurrency`
    senders at once."""

    def __init__(
        self,
        queue: InboundQueue,
        handlers: Mapping[str, Handler],
        *,
        concurrency: int = 16,
    ):
        self.queue = queue
        self.handlers = dict(handlers)
        self.concurrency = concurrency
        self.wake = wake.waiter("inbound")
        self._busy: dict[str, asyncio.Task[None]] = {}

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels this worker drains."""
        return tuple(sorted(self.handlers))

    async def run_once(self) -> int:
        """Start processing whatever is due; return how many events were started."""
        free = self.concurrency - len(self._busy)
        if free <= 0 or not self.handlers:
            return 0
        claimed = await self.queue.claim(limit=free, busy=set(self._busy), channels=self.channels)
        for item in claimed:
            key = f"{item.channel}:{item.key}"
            task = asyncio.create_task(self._process(item))
            self._busy[key] = task
            task.add_done_callback(functools.partial(self._done, key))
        return len(claimed)

    async def run_pass(self) -> int:
        """One claim, waited for to the end (tests and the CLI-like harnesses)."""
        started = await self.run_once()
        if self._busy:
            await asyncio.wait(list(self._busy.values()))
        return started

    def _done(self, key: str, _task: asyncio.Task[None]) -> None:
        self._busy.pop(key, None)
        self.wake.set()  # the sender's next event may be waiting

    async def _process(self, item: QueuedEvent) -> None:
        try:
            await self.handlers[item.channel](item)
        except asyncio.CancelledError:
            raise  # shutting down: the lease runs out and the event is taken again
        except Exception as exc:  # noqa: BLE001 - recorded on the row, retried with back-off
            gave_up = await self.queue.retry_later(item)
            # Only the kind: database errors quote their parameters, i.e. the person's text.
            log.error(
                "inbound event failed",
                extra={
                    "channel": item.channel,
                    "event_id": item.id,
                    "error": type(exc).__name__,
                    "attempts": item.attempts,
                    "gave_up": gave_up,
                },
            )
            if gave_up:
                await self._count_given_up(item.channel)
            return
        await self.queue.finish(item)

    async def _count_given_up(self, channel: str) -> None:
        async with self.queue.db.sessions.begin() as session:
            await repo.count(session, channel=channel, metric="inbound_given_up")

    async def drain(self, *, within: float = 10.0) -> None:
        """Process until nothing is pending or running (tests, benchmark)."""
        async with asyncio.timeout(within):
            while True:
                started = await self.run_once()
                if not started and not self._busy:
                    if await self.queue.pending_count(self.channels) == 0:
                        return
                    await asyncio.sleep(0.05)  # a back-off or another process' lease
                if self._busy:
                    await asyncio.wait(list(self._busy.values()))

    async def run_forever(self, interval: float = 1.0) -> None:
        """Claim and process until cancelled."""
        try:
            await poll_forever(self.run_once, name="inbound", interval=interval, wake=self.wake)
        finally:
            for task in list(self._busy.values()):
                task.cancel()
            for task in list(self._busy.values()):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
