"""The ASGI app: web chat at /, webhooks, console, /healthz, /readyz, /metrics."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.contract import ChannelAdapter
from bot.channels.inbound import InboundWorker
from bot.channels.outbox import Outbox, Sender
from bot.channels.registry import enabled_adapters
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.web.routes import web_routes
from bot.config import Settings
from bot.engine.engine import TurnObserver
from bot.handoff import notify
from bot.runtime import Runtime, build_runtime
from bot.storage import repository as repo
from bot.storage.inbound import InboundQueue
from bot.storage.migrate import upgrade_async
from bot.storage.retention import retention_loop
from bot.web.body_limit import BodyLimit
from bot.web.metrics import Metrics
from bot.web.redirects import slash_redirect

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
        outbox = Outbox(
            rt.db,
            rt.protector,
            senders,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
            on_result=metrics.observe_send,
        )
        rt.outbox = outbox
        # One inbound worker drains the shared queue for every enabled channel.
        queue = InboundQueue(rt.db, rt.protector)
        await queue.seal_legacy()  # rows stored in clear before migration 0008_inbound
        inbound = InboundWorker(queue, {adapter.name: adapter.process for adapter in channels})
        rt.inbound = inbound
        app.state.inbound = inbound
        tasks = []
        sending = None
        if settings.run_workers and senders:
            sending = asyncio.create_task(outbox.run_forever(settings.outbox_interval))
            tasks.append(sending)
        if settings.run_workers:
            tasks.append(
                asyncio.create_task(retention_loop(rt.db, retention_days=settings.retention_days))
            )
        if settings.run_workers and channels:
            tasks.append(asyncio.create_task(inbound.run_forever(), name="inbound"))
        if settings.run_workers:
            for adapter in channels:
                tasks.extend(await adapter.background(rt))
        telegram = next((a for a in channels if isinstance(a, TelegramAdapter)), None)
        if settings.run_workers and notify.enabled(settings) and telegram is not None:
            announcer = notify.UrgentAnnouncer(rt.db, settings, notify.through(telegram))
            rt.announcer = announcer
            tasks.append(asyncio.create_task(announcer.run_forever(settings.outbox_interval * 2)))
        try:
            yield
        finally:
            if sending is not None:
                await outbox.stop(sending)
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
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
        metrics.observe_nlu(rt.nlu.stats)
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
