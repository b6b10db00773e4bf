"""One loop for every background worker: run a pass, then wait for a wake-up or the interval.

The outbox, the inbound queue, the Telegram worker, the urgent announcer and retention all run
through `poll_forever`. The wait is `asyncio.timeout` around `Event.wait`, never
`asyncio.wait_for`: on Python 3.11 `wait_for` swallows a cancellation that races with the event
being set, and the app's shutdown then waits forever. This module imports nothing of `bot`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Step = Callable[[], Awaitable[int]]


async def poll_forever(
    step: Step,
    *,
    name: str,
    interval: float,
    wake: asyncio.Event | None = None,
    stopping: Callable[[], bool] = lambda: False,
) -> None:
    """Run `step` until cancelled or `stopping()`; a pass that handled something (returned > 0)
    is followed by another at once, otherwise the loop waits for `wake` or `interval` seconds.

    `wake` is cleared before each pass, so a wake-up set during a pass is never lost. A pass that
    raises is logged by the kind of error only (database errors quote their parameters, i.e.
    personal data) and the loop goes on: one bad row or a database blip never stops a worker."""
    while not stopping():
        if wake is not None:
            wake.clear()
        try:
            handled = await step()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the loop must survive anything a pass raises
            log.error("worker pass failed", extra={"worker": name, "error": type(exc).__name__})
            handled = 0
        if handled or stopping():
            continue
        if wake is None:
            await asyncio.sleep(interval)
            continue
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(interval):
                await wake.wait()
