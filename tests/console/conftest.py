"""Console fixtures: an app on SQLite with its lifespan running, accounts, a signed-in client."""

from __future__ import annotations

import contextlib
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


class ConsoleUser:
    """A caseworker driving the console of an already running app, like a browser would."""

    def __init__(self, client: httpx.AsyncClient):
        self.client = client
        self.token = ""

    async def open(self, conversation_id: int) -> str:
        """Open a conversation page and keep its CSRF token."""
        page = await self.client.get(f"/console/conversations/{conversation_id}")
        assert page.status_code == 200, page.text
        self.token = csrf_of(page.text)
        return page.text

    async def act(self, ticket_id: int, action: str, **fields: str) -> str:
        """Claim, reply, note, transfer or close; returns the notice code."""
        response = await self.client.post(
            f"/console/tickets/{ticket_id}/{action}", data={"csrf": self.token, **fields}
        )
        assert response.status_code == 303, response.text
        return response.headers["location"].rsplit("?m=", 1)[-1]


@contextlib.asynccontextmanager
async def console_user(
    app: Any, runtime: Runtime, email: str = "ana@example.org", role: str = "caseworker"
) -> AsyncIterator[ConsoleUser]:
    """An account on `runtime`, signed in over HTTPS (the session cookie is Secure there)."""
    await add_caseworker(runtime, email, email.split("@")[0].title(), role)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        signed = await sign_in(client, email)
        assert signed.status_code == 303, signed.text
        yield ConsoleUser(client)
