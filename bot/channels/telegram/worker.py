"""Processes stored updates: one chat at a time, different chats concurrently.

Woken by the webhook (or the poller) right after an update is stored; also looks on its own
every `interval` seconds, which is how updates left pending by a crash (here or in another
process) are finished.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable

from bot.channels.telegram.inbox import ClaimedUpdate, Inbox
from bot.loops import poll_forever
from bot.storage import wake

log = logging.getLogger(__name__)

Handler = Callable[[ClaimedUpdate], Awaitable[None]]


class Worker:
    """Claims stored updates and runs `handler` on each, at most `concurrency` chats at once."""

    def __init__(self, inbox: Inbox, handler: Handler, *, concurrency: int = 16):
        self.inbox = inbox
        self.handler = handler
        self.concurrency = concurrency
        self.wake = wake.waiter("inbound")
        self._busy: dict[str, asyncio.Task[None]] = {}

    async def run_once(self) -> int:
        """Start processing whatever is due; return how many updates were started."""
        free = self.concurrency - len(self._busy)
        if free <= 0:
            return 0
        claimed = await self.inbox.claim(limit=free, busy=set(self._busy))
        for item in claimed:
            task = asyncio.create_task(self._process(item))
            self._busy[item.order_key] = task
            task.add_done_callback(functools.partial(self._done, item.order_key))
        return len(claimed)

    def _done(self, key: str, _task: asyncio.Task[None]) -> None:
        self._busy.pop(key, None)
        self.wake.set()  # the chat's next update may be waiting

    async def _process(self, item: ClaimedUpdate) -> None:
        try:
            await self.handler(item)
        except asyncio.CancelledError:
            raise  # shutting down: the lease runs out and the update is taken again
        except Exception as exc:  # noqa: BLE001 - recorded on the row, retried with back-off
            gave_up = await self.inbox.retry_later(item)
            log.error(
                "telegram update failed",
                extra={"error": type(exc).__name__, "attempts": item.attempts, "gave_up": gave_up},
            )
            return
        await self.inbox.finish(item)

    async def drain(self, *, within: float = 10.0) -> None:
        """Process until nothing is pending or running (tests, benchmark)."""
        async with asyncio.timeout(within):
            while True:
                started = await self.run_once()
                if not started and not self._busy:
                    if await self.inbox.pending_count() == 0:
                        return
                    await asyncio.sleep(0.05)  # a back-off or another process' lease
                if self._busy:
                    await asyncio.wait(list(self._busy.values()))

    async def run_forever(self, interval: float = 1.0) -> None:
        """Claim and process until cancelled."""
        try:
            await poll_forever(self.run_once, name="telegram", interval=interval, wake=self.wake)
        finally:
            for task in list(self._busy.values()):
                task.cancel()
            for task in list(self._busy.values()):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
