"""Shared fixtures: settings in a temp folder, a trained model (once), databases, runtimes.

Tests never reach the internet. Tests that need PostgreSQL, python3.10 (Rasa) or Chromium skip
on a laptop that lacks them, and fail under CI (CI=true).
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import Settings
from bot.knowledge.loader import load_knowledge_base
from bot.knowledge.models import KnowledgeBase
from bot.messages import InboundMessage, TurnResult
from bot.runtime import Runtime, build_runtime
from bot.storage.migrate import upgrade_async
from bot.understanding.embedded import EmbeddedModel, EmbeddedUnderstanding, train
from bot.understanding.training import (
    article_documents,
    collect_examples,
    danger_examples,
    fingerprint,
    safe_examples,
)

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_URL = os.environ.get("RUMBO_TEST_DATABASE_URL")
TEST_SECRET = "test-secret-key-not-for-production-0123456789"


class NetworkGuardError(OSError):
    """A test tried to reach something outside this machine."""


def _local(address: Any) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths (and abstract sockets)
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a host name: resolving it already means leaving the machine


_REAL_CONNECT = socket.socket.connect
_REAL_CONNECT_EX = socket.socket.connect_ex


def _guarded_connect(sock: socket.socket, address: Any) -> None:
    if sock.family != socket.AF_UNIX and not _local(address):
        raise NetworkGuardError(f"tests never leave this machine (tried {address!r})")
    _REAL_CONNECT(sock, address)


def _guarded_connect_ex(sock: socket.socket, address: Any) -> int:
    if sock.family != socket.AF_UNIX and not _local(address):
        raise NetworkGuardError(f"tests never leave this machine (tried {address!r})")
    return _REAL_CONNECT_EX(sock, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a socket to anything but 127.0.0.1, ::1, localhost or a unix
    socket (subprocesses are on their own: their fakes listen on 127.0.0.1)."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


def need(available: bool, reason: str) -> None:
    """Skip when something is missing on a laptop; fail when it is missing in CI."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def make_settings(tmp: Path, **overrides: object) -> Settings:
    """Settings that touch nothing outside `tmp` (and read the repo's content)."""
    values: dict[str, object] = {
        "database_url": f"sqlite+aiosqlite:///{tmp / 'rumbo.db'}",
        "var_dir": tmp / "var",
        "kb_dir": ROOT / "knowledge_base",
        "nlu_dir": ROOT / "nlu",
        "secret_key": TEST_SECRET,
        "run_workers": False,
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The repository's knowledge base, loaded once."""
    report = load_knowledge_base(ROOT / "knowledge_base")
    assert not report.errors, "\n".join(map(str, report.errors))
    return report.kb


@pytest.fixture(scope="session")
def nlu_model(kb: KnowledgeBase) -> EmbeddedModel:
    """The embedded model, trained once per test session."""
    examples = collect_examples(ROOT / "nlu", kb)
    danger = danger_examples(ROOT / "nlu")
    return train(
        examples,
        fingerprint(ROOT / "nlu", ROOT / "knowledge_base"),
        danger=danger,
        safe=safe_examples(ROOT / "nlu"),
        documents=article_documents(kb),
    )


@pytest.fixture(scope="session")
def rasa_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Rasa model trained once per test session (skips without python3.10, fails in CI)."""
    from tests.rasa_support import train_slice

    return train_slice(tmp_path_factory.mktemp("rasa"))


@pytest.fixture
def nlu(nlu_model: EmbeddedModel) -> EmbeddedUnderstanding:
    """An embedded NLU backend over the session's model."""
    return EmbeddedUnderstanding(nlu_model)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on SQLite in a temp folder."""
    return make_settings(tmp_path)


async def reset_postgres(url: str) -> None:
    """Drop every table so migrations run from scratch."""
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


def db_params() -> list[object]:
    """SQLite always; PostgreSQL when RUMBO_TEST_DATABASE_URL is set (CI sets it)."""
    params: list[object] = ["sqlite"]
    if PG_URL or IN_CI:
        params.append(pytest.param("postgres", marks=pytest.mark.postgres))
    return params


@pytest.fixture(params=db_params())
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated, empty database URL: SQLite, and PostgreSQL when configured."""
    if request.param == "postgres":
        need(bool(PG_URL), "RUMBO_TEST_DATABASE_URL is not set (PostgreSQL storage tests)")
        assert PG_URL
        try:
            await reset_postgres(PG_URL)
        except OSError as exc:
            need(False, f"PostgreSQL not reachable: {exc}")
        await upgrade_async(PG_URL)
        yield PG_URL
        return
    url = f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
    await upgrade_async(url)
    yield url


@pytest.fixture
async def runtime(
    tmp_path: Path, db_url: str, kb: KnowledgeBase, nlu: EmbeddedUnderstanding
) -> AsyncIterator[Runtime]:
    """A full runtime (engine, database, knowledge base, NLU) on each test database."""
    rt = build_runtime(make_settings(tmp_path, database_url=db_url), kb=kb, nlu=nlu)
    yield rt
    await rt.close()


@pytest.fixture
async def sqlite_runtime(
    tmp_path: Path, kb: KnowledgeBase, nlu: EmbeddedUnderstanding
) -> AsyncIterator[Runtime]:
    """A runtime on SQLite only (for tests that are not about storage)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'only.db'}"
    await upgrade_async(url)
    rt = build_runtime(make_settings(tmp_path, database_url=url), kb=kb, nlu=nlu)
    yield rt
    await rt.close()


class Person:
    """A synthetic person talking to the engine: `await person.says("hola")`."""

    def __init__(self, runtime: Runtime, channel: str = "web", user: str = "person-1"):
        self.runtime = runtime
        self.channel = channel
        self.user = user
        self.counter = 0

    async def says(self, text: str, **fields: object) -> TurnResult:
        """Send a text (or a choice with choice_id=...) and return the turn's result."""
        self.counter += 1
        inbound = InboundMessage(channel=self.channel, user=self.user, text=text, **fields)  # type: ignore[arg-type]
        if "choice_id" in fields:
            inbound.kind = "choice"
        return await self.runtime.engine.handle(inbound, inline=True)

    async def picks(self, choice_id: str) -> TurnResult:
        """Press a button."""
        return await self.says("", choice_id=choice_id)


@pytest.fixture
def person_factory() -> Iterator[type[Person]]:
    """The Person helper class."""
    yield Person
