"""Console fixtures: an app on SQLite with its lifespan running, accounts, a signed-in client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from bot.handoff.accounts import hash_password
from bot.runtime import Runtime
from bot.storage.models import Caseworker
from bot.web.app import create_app

PASSWORD = "correct horse battery"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class RecordingSender:
    """A channel sender that keeps what it was asked to send."""

    channel: str = "web"
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str:
        self.sent.append((address, payload))
        return f"provider-{message_id}"


async def add_caseworker(runtime: Runtime, email: str, name: str, role: str) -> int:
    """An account with the shared test password."""
    async with runtime.db.sessions.begin() as session:
        account = Caseworker(
            email=email, name=name, role=role, password_hash=hash_password(PASSWORD)
        )
        session.add(account)
        await session.flush()
        return account.id


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = CSRF_FIELD.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> httpx.Response:
    """Fill in the login form like a browser would."""
    form = await client.get("/console/login")
    return await client.post(
        "/console/login",
        data={"csrf": csrf_of(form.text), "email": email, "password": password},
    )


@pytest.fixture
async def console(sqlite_runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the whole app (console mounted), lifespan running, not signed in."""
    app = create_app(sqlite_runtime.settings, runtime=sqlite_runtime, migrate=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


@pytest.fixture
async def accounts(sqlite_runtime: Runtime) -> dict[str, int]:
    """Two caseworkers and a supervisor."""
    return {
        "ana": await add_caseworker(sqlite_runtime, "ana@example.org", "Ana", "caseworker"),
        "luis": await add_caseworker(sqlite_runtime, "luis@example.org", "Luis", "caseworker"),
        "sofia": await add_caseworker(sqlite_runtime, "sofia@example.org", "Sofía", "supervisor"),
    }
