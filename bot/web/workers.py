"""The app's background workers, and the thread that keeps them off the webhooks' event loop.

The workers are the shared inbound queue's worker (the turns), the outbox, retention, the urgent
announcer and, on PostgreSQL, the wake listener (bot/storage/wake.py). With
RUMBO_WORKER_THREAD on they run on an event loop of their own, in a thread, with a
runtime of their own (database pools, engine, channel clients); the knowledge base, the embedded
model and the metrics are shared. A webhook then waits for the GIL at most a switch interval per
step, instead of for every turn step queued ahead of it on a shared loop: it answers at once,
whatever the load. Off (the default for now), they run on the app's loop as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from bot.channels.contract import ChannelAdapter
from bot.channels.inbound import InboundWorker
from bot.channels.outbox import Outbox, Sender
from bot.channels.registry import enabled_adapters
from bot.channels.telegram.adapter import TelegramAdapter
from bot.engine.engine import TurnObserver
from bot.handoff import notify
from bot.runtime import Runtime, build_runtime
from bot.storage import wake
from bot.storage.inbound import InboundQueue
from bot.storage.retention import retention_loop
from bot.web.metrics import Metrics

log = logging.getLogger(__name__)

# The GIL is handed to a waiting thread after this long (CPython's default is 5 ms): a webhook
# step waits for a turn's Python code at most this long.
SWITCH_INTERVAL = 0.001
START_TIMEOUT = 120.0
STOP_TIMEOUT = 30.0


def make_outbox(rt: Runtime, senders: dict[str, Sender], metrics: Metrics) -> Outbox:
    """The outbox of one runtime, sending through `senders`."""
    return Outbox(
        rt.db,
        rt.protector,
        senders,
        lease=timedelta(seconds=rt.settings.outbox_lease_seconds),
        on_result=metrics.observe_send,
    )


def make_inbound(rt: Runtime, channels: list[ChannelAdapter]) -> InboundWorker:
    """The shared inbound queue's worker of one runtime: every enabled channel's events, at
    most RUMBO_TURN_CONCURRENCY senders' turns at once."""
    return InboundWorker(
        InboundQueue(rt.db, rt.protector),
        {adapter.name: adapter.process for adapter in channels},
        concurrency=rt.settings.turn_concurrency,
    )


@dataclass
class Workers:
    """The running background tasks of one event loop."""

    outbox: Outbox
    sending: asyncio.Task[None] | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def stop(self) -> None:
        """The outbox first (it finishes the send in flight), then everything else."""
        if self.sending is not None:
            await self.outbox.stop(self.sending)
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def start_workers(
    rt: Runtime, channels: list[ChannelAdapter], outbox: Outbox, inbound: InboundWorker
) -> Workers:
    """Start every background task on the running loop; the channels are started already."""
    settings = rt.settings
    workers = Workers(outbox)
    if channels:
        workers.tasks.append(asyncio.create_task(inbound.run_forever(), name="inbound"))
    if outbox.senders:
        workers.sending = asyncio.create_task(outbox.run_forever(settings.outbox_interval))
        workers.tasks.append(workers.sending)
    workers.tasks.append(
        asyncio.create_task(retention_loop(rt.db, retention_days=settings.retention_days))
    )
    if not rt.db.is_sqlite:
        # Other processes' deliveries wake this one's workers (NOTIFY); polling stays.
        listener = wake.Listener(settings.database_url, wake.QUEUES)
        workers.tasks.append(asyncio.create_task(listener.run_forever(), name="wake-listener"))
    for adapter in channels:
        workers.tasks.extend(await adapter.background(rt))
    telegram = next((a for a in channels if isinstance(a, TelegramAdapter)), None)
    if notify.enabled(settings) and telegram is not None:
        announcer = notify.UrgentAnnouncer(rt.db, settings, notify.through(telegram))
        rt.announcer = announcer
        workers.tasks.append(
            asyncio.create_task(announcer.run_forever(settings.outbox_interval * 2))
        )
    return workers


class WorkerThread:
    """The workers on their own event loop in a daemon thread (a killed process takes it along,
    as it took the workers before). `start` returns once they run; `stop` stops them gracefully
    (the outbox records the send in flight) and waits for the thread."""

    def __init__(self, app_runtime: Runtime, metrics: Metrics):
        self.app_runtime = app_runtime
        self.metrics = metrics
        self.runtime: Runtime | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._started = threading.Event()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="rumbo-workers", daemon=True)

    async def start(self) -> None:
        """Start the thread and wait (without blocking the app's loop) until the workers run."""
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        self._thread.start()
        started = await asyncio.to_thread(self._started.wait, START_TIMEOUT)
        if self._failure is not None:
            raise RuntimeError("the background workers failed to start") from self._failure
        if not started:
            raise RuntimeError(f"the background workers did not start in {START_TIMEOUT} s")

    async def stop(self) -> None:
        """Stop the workers and wait for the thread (at most STOP_TIMEOUT seconds)."""
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop ended on its own
                loop.call_soon_threadsafe(stopping.set)
        await asyncio.to_thread(self._thread.join, STOP_TIMEOUT)
        if self._thread.is_alive():
            log.error("background workers did not stop in time")

    def nlu_stats(self) -> Mapping[str, int]:
        """The parses of the workers' own NLU backend (empty when it is the app's)."""
        rt = self.runtime
        if rt is None or rt.nlu is self.app_runtime.nlu:
            return {}
        return dict(rt.nlu.stats)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # noqa: BLE001 - reported to start(), or logged
            self._failure = exc
            log.error("background workers stopped", extra={"error": type(exc).__name__})
        finally:
            self._started.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        app_rt = self.app_runtime
        settings = app_rt.settings
        # The embedded model is read-only: shared. A Rasa client holds connections of the loop
        # it was used on: this loop gets its own.
        nlu = app_rt.nlu if app_rt.nlu.name == "embedded" else None
        rt = build_runtime(
            settings, observer=TurnObserver(self.metrics.observe_turn), kb=app_rt.kb, nlu=nlu
        )
        rt.metrics = self.metrics
        self.runtime = rt
        channels = enabled_adapters(settings)
        senders: dict[str, Sender] = {}
        started: list[ChannelAdapter] = []
        workers: Workers | None = None
        try:
            for adapter in channels:
                await adapter.start(rt)
                started.append(adapter)
                senders[adapter.name] = adapter
            rt.outbox = make_outbox(rt, senders, self.metrics)
            rt.inbound = make_inbound(rt, channels)
            workers = await start_workers(rt, channels, rt.outbox, rt.inbound)
            self._started.set()
            await self._stopping.wait()
        finally:
            if workers is not None:
                await workers.stop()
            for adapter in started:
                with contextlib.suppress(Exception):
                    await adapter.stop(rt)
            if rt.nlu is app_rt.nlu:
                await rt.db.dispose()  # the shared backend is the app's to close
            else:
                await rt.close()


def combined_stats(*stats: Mapping[str, int]) -> dict[str, int]:
    """NLU tallies of several backends, added up (for /metrics)."""
    total: Counter[str] = Counter()
    for one in stats:
        total.update(one)
    return dict(total)
