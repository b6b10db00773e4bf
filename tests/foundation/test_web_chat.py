"""The web chat over HTTP: a turn, bad bodies, and a caseworker's later reply picked up once."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.handoff import tickets
from bot.storage.models import Caseworker, Ticket
from bot.web.app import create_app


async def client_for(runtime) -> tuple[httpx.AsyncClient, object]:
    app = create_app(runtime.settings, runtime=runtime, migrate=False)
    transport = httpx.ASGITransport(app=app)
    app.state.runtime = runtime
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1"), app


async def test_page_turn_and_bad_bodies(sqlite_runtime) -> None:
    client, _ = await client_for(sqlite_runtime)
    async with client:
        page = await client.get("/")
        assert page.status_code == 200 and '<script src="/static/chat.js">' in page.text
        assert "https://" not in page.text and "http://" not in page.text  # no CDN
        turn = await client.post("/chat/message", json={"text": "puedo ir al medico sin cedula"})
        assert turn.status_code == 200
        assert turn.json()["replies"][0]["kind"] == "answer"
        assert (await client.post("/chat/message", content=b"not json")).status_code == 400
        assert (await client.post("/chat/message", content=b"[1]")).status_code == 400
        big = b'{"text": "' + b"a" * 70_000 + b'"}'
        assert (await client.post("/chat/message", content=big)).status_code == 413


async def test_caseworker_reply_reaches_the_browser_once(sqlite_runtime) -> None:
    client, _ = await client_for(sqlite_runtime)
    async with client:
        await client.post("/chat/message", json={"text": "HUMANO"})
        async with sqlite_runtime.db.sessions.begin() as session:
            worker = Caseworker(email="w@example.org", name="W", password_hash="x")
            session.add(worker)
            await session.flush()
            ticket = await session.scalar(select(Ticket))
            await tickets.claim(session, ticket.id, worker)
            await tickets.reply(session, ticket.id, worker, "Hola, soy Ana del equipo.")
        first = (await client.get("/chat/updates")).json()["replies"]
        again = (await client.get("/chat/updates")).json()["replies"]
    assert [r["text"] for r in first] == ["Hola, soy Ana del equipo."]
    assert again == []
