"""Hardening fixtures: the whole app over httpx for the web chat, SMS and Telegram edges."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.knowledge.models import KnowledgeBase
from bot.runtime import Runtime, build_runtime
from bot.understanding.embedded import EmbeddedUnderstanding
from bot.web.app import create_app
from tests.channels.sms.conftest import fake_twilio, sms, sms_settings  # noqa: F401
from tests.channels.telegram.conftest import fake, start_app  # noqa: F401
from tests.conftest import make_settings
from tests.console.conftest import accounts, console  # noqa: F401

WebFactory = Callable[..., Any]


@pytest.fixture
async def web_app(
    tmp_path: Path, kb: KnowledgeBase, nlu: EmbeddedUnderstanding
) -> AsyncIterator[WebFactory]:
    """`async with web_app(**settings) as (client, runtime):` the app on SQLite, lifespan on."""
    from bot.storage.migrate import upgrade_async

    url = f"sqlite+aiosqlite:///{tmp_path / 'web.db'}"
    await upgrade_async(url)

    @contextlib.asynccontextmanager
    async def starter(
        base_url: str = "http://127.0.0.1", **overrides: object
    ) -> AsyncIterator[tuple[httpx.AsyncClient, Runtime]]:
        settings = make_settings(tmp_path, database_url=url, **overrides)
        runtime = build_runtime(settings, kb=kb, nlu=nlu)
        app = create_app(settings, runtime=runtime, migrate=False)
        try:
            async with app.router.lifespan_context(app):
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
                    yield client, runtime
        finally:
            await runtime.close()

    yield starter
