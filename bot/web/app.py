"""The ASGI app: web chat at /, webhooks, console, /healthz, /readyz, /metrics."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.contract import ChannelAdapter
from bot.channels.outbox import Sender
from bot.channels.registry import enabled_adapters
from bot.channels.web.routes import web_routes
from bot.config import Settings
from bot.engine.engine import TurnObserver
from bot.runtime import Runtime, build_runtime
from bot.storage import repository as repo
from bot.storage.inbound import InboundQueue
from bot.storage.migrate import upgrade_async
from bot.understanding import danger
from bot.web.body_limit import BodyLimit
from bot.web.metrics import Metrics
from bot.web.redirects import slash_redirect
from bot.web.workers import (
    Workers,
    WorkerThread,
    combined_stats,
    make_inbound,
    make_outbox,
    start_workers,
)

log = logging.getLogger(__name__)


def _enabled_channels(settings: Settings) -> list[ChannelAdapter]:
    """The adapters whose configuration is present."""
    adapters = enabled_adapters(settings)
    for adapter in adapters:
        log.info("channel enabled", extra={"channel": adapter.name})
    return adapters


def _channel_routes(adapters: list[ChannelAdapter]) -> list[BaseRoute]:
    """Every adapter's routes, each path once (SMS and WhatsApp share the status webhook)."""
    routes: list[BaseRoute] = []
    seen: set[str] = set()
    for adapter in adapters:
        for route in adapter.routes():
            path = getattr(route, "path", None)
            if path in seen:
                continue
            seen.add(str(path))
            routes.append(route)
    return routes


WARM_AFTER = 1.0  # seconds after start-up


def create_app(
    settings: Settings, *, runtime: Runtime | None = None, migrate: bool = True
) -> Starlette:
    """Build the app. Everything long-lived is created in the lifespan, from `settings`."""
    metrics = Metrics()
    channels = _enabled_channels(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if migrate:
            await upgrade_async(settings.database_url)
        rt = runtime or build_runtime(settings, observer=TurnObserver(metrics.observe_turn))
        rt.metrics = metrics
        app.state.runtime = rt
        app.state.adapters = {adapter.name: adapter for adapter in channels}
        senders: dict[str, Sender] = {}
        for adapter in channels:
            await adapter.start(rt)
            senders[adapter.name] = adapter
        # This loop's outbox: what the console and the tests drive; it sends only when the
        # workers run on this loop.
        rt.outbox = make_outbox(rt, senders, metrics)
        await InboundQueue(rt.db, rt.protector).seal_legacy()  # rows in clear before 0008_inbound
        # This loop's inbound worker (tests drain it); it runs on its own only without the thread.
        rt.inbound = app.state.inbound = make_inbound(rt, channels)
        thread: WorkerThread | None = None
        workers: Workers | None = None
        if settings.run_workers and settings.worker_thread:
            thread = WorkerThread(rt, metrics)
            await thread.start()
        elif settings.run_workers:
            workers = await start_workers(rt, channels, rt.outbox, rt.inbound)
        app.state.workers_nlu = thread.nlu_stats if thread is not None else dict
        # The detector's patterns compile a second after the app answers, in a thread, not
        # before its first answer (issue 19); a message that comes sooner compiles them itself.
        loop = asyncio.get_running_loop()
        warming = loop.call_later(WARM_AFTER, loop.run_in_executor, None, danger.warm)
        try:
            yield
        finally:
            warming.cancel()
            if thread is not None:
                await thread.stop()
            if workers is not None:
                await workers.stop()
            for adapter in channels:
                await adapter.stop(rt)
            if runtime is None:
                await rt.close()

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        rt: Runtime = request.app.state.runtime
        ok = await rt.db.ping()
        return JSONResponse(
            {"status": "ready" if ok else "database unreachable"}, status_code=200 if ok else 503
        )

    async def metrics_endpoint(request: Request) -> Response:
        rt: Runtime = request.app.state.runtime
        async with rt.db.sessions() as session:
            metrics.outbox_depth.set(await repo.queue_depth(session))
        metrics.observe_nlu(combined_stats(rt.nlu.stats, request.app.state.workers_nlu()))
        return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4")

    routes: list[BaseRoute] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint),
        *web_routes(settings),
    ]
    routes.extend(_channel_routes(channels))
    routes.extend(_console_routes(settings))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(BodyLimit)])
    # Starlette's own trailing-slash redirect builds an absolute URL from the Host header,
    # which anyone can forge; ours is relative, or on RUMBO_PUBLIC_URL.
    app.router.redirect_slashes = False
    app.router.default = slash_redirect(app.router, settings.public_url)
    return app


def _console_routes(settings: Settings) -> list[BaseRoute]:
    try:
        console = importlib.import_module("bot.console.routes")
    except ModuleNotFoundError:
        return []
    return list(console.routes(settings))
