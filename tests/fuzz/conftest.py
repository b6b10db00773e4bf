"""Fuzz fixtures: apps started once per test (Hypothesis runs many examples against each).

Examples are bounded so the whole folder stays well under a minute; CI can raise them with
`--hypothesis-profile=ci-long` for a nightly run.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings

from bot.knowledge.models import KnowledgeBase
from bot.runtime import Runtime, build_runtime
from bot.understanding.embedded import EmbeddedUnderstanding
from bot.web.app import create_app
from tests.channels.sms.conftest import fake_twilio, sms, sms_settings  # noqa: F401
from tests.channels.telegram.conftest import fake, start_app  # noqa: F401
from tests.conftest import make_settings
from tests.console.conftest import accounts, console  # noqa: F401

ALLOWED = {200, 400, 403, 404, 413}

settings.register_profile(
    "fuzz",
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("ci-long", parent=settings.get_profile("fuzz"), max_examples=500)
settings.load_profile("fuzz")


@pytest.fixture
async def web(
    tmp_path: Path, kb: KnowledgeBase, nlu: EmbeddedUnderstanding
) -> AsyncIterator[tuple[httpx.AsyncClient, Runtime]]:
    """The whole app on SQLite, limits out of the way (fuzzing the parser, not the limiter)."""
    from bot.storage.migrate import upgrade_async

    url = f"sqlite+aiosqlite:///{tmp_path / 'fuzz.db'}"
    await upgrade_async(url)
    config = make_settings(
        tmp_path,
        database_url=url,
        web_chat_session_per_minute=100_000,
        web_chat_ip_per_minute=100_000,
    )
    runtime = build_runtime(config, kb=kb, nlu=nlu)
    app = create_app(config, runtime=runtime, migrate=False)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(app.router.lifespan_context(app))
        transport = httpx.ASGITransport(app=app)
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")
        )
        yield client, runtime
    await runtime.close()


@pytest.fixture
async def telegram(start_app):  # noqa: F811
    """The app with Telegram on (webhook mode, workers off), started once per test."""
    async with start_app(run_workers=False) as running:
        yield running


@pytest.fixture
async def supervisor(console, accounts):  # noqa: F811
    """The console client signed in as a supervisor, and its CSRF token (signed in once)."""
    from tests.console.conftest import csrf_of, sign_in

    await sign_in(console, "sofia@example.org")
    yield console, csrf_of((await console.get("/console/canned")).text)
