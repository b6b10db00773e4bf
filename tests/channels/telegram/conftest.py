"""Telegram test fixtures: the fake Bot API server, fixtures on disk, and the real app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bot.config import Settings
from bot.knowledge.models import KnowledgeBase
from bot.runtime import Runtime, build_runtime
from bot.understanding.embedded import EmbeddedUnderstanding
from bot.web.app import create_app
from tests.channels.telegram.fake_bot_api import FakeBotApi, running_fake
from tests.conftest import make_settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "telegram"
SECRET = "rumbo_test-secret_0123456789"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}


def fixture_bytes(name: str) -> bytes:
    """A fixture exactly as stored (byte-exact, as Telegram would post it)."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict[str, Any]:
    """A fixture as a dict (to derive variants: other update_id, other chat)."""
    return json.loads(fixture_bytes(name))


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API server on 127.0.0.1."""
    async with running_fake() as server:
        yield server


def telegram_settings(tmp: Path, fake: FakeBotApi, **overrides: object) -> Settings:
    """Settings with Telegram pointed at the fake; a public URL means webhook mode."""
    values: dict[str, object] = {
        "telegram_bot_token": fake.token,
        "telegram_secret": SECRET,
        "telegram_api_url": fake.base_url,
        "public_url": "https://rumbo.example.org",
        "run_workers": True,
        "outbox_interval": 0.2,
    }
    values.update(overrides)
    return make_settings(tmp, **values)


@dataclass
class RunningApp:
    """The real app with its lifespan running, and an HTTP client bound to it."""

    app: Starlette
    runtime: Runtime
    client: httpx.AsyncClient

    async def post_update(
        self, body: bytes | dict[str, Any], *, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        """POST /webhooks/telegram with the right secret unless `headers` says otherwise."""
        content = json.dumps(body).encode() if isinstance(body, dict) else body
        return await self.client.post(
            "/webhooks/telegram", content=content, headers=HEADERS if headers is None else headers
        )


AppFactory = Callable[..., Any]


@pytest.fixture
async def start_app(
    tmp_path: Path, fake: FakeBotApi, kb: KnowledgeBase, nlu: EmbeddedUnderstanding
) -> AsyncIterator[AppFactory]:
    """`async with start_app(**settings) as running:` runs create_app's lifespan for real."""
    import contextlib

    @contextlib.asynccontextmanager
    async def starter(**overrides: object) -> AsyncIterator[RunningApp]:
        settings = telegram_settings(tmp_path, fake, **overrides)
        runtime = build_runtime(settings, kb=kb, nlu=nlu)
        app = create_app(settings, runtime=runtime)
        try:
            async with app.router.lifespan_context(app):
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(
                    transport=transport, base_url="http://testserver"
                ) as client:
                    yield RunningApp(app, runtime, client)
        finally:
            await runtime.close()

    yield starter
