"""Finding 4: the web chat's identity is a signed id the server issued, never a chosen cookie."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.handoff import tickets
from bot.storage.models import Caseworker, Ticket

COOKIE = "rumbo_chat"
JSON = {"Content-Type": "application/json"}


async def caseworker_replies(runtime, text: str) -> None:
    async with runtime.db.sessions.begin() as session:
        worker = Caseworker(email="w@example.org", name="W", password_hash="x")
        session.add(worker)
        await session.flush()
        ticket = await session.scalar(select(Ticket))
        assert ticket is not None
        await tickets.claim(session, ticket.id, worker)
        await tickets.reply(session, ticket.id, worker, text)


async def test_a_planted_cookie_value_does_not_receive_the_caseworkers_reply(web_app) -> None:
    planted = "attacker-chose-this-value"
    async with web_app() as (victim, runtime):
        victim.cookies.set(COOKIE, planted)
        turn = await victim.post("/chat/message", json={"text": "HUMANO"}, headers=JSON)
        assert turn.status_code == 200
        issued = turn.cookies.get(COOKIE)
        assert issued and issued != planted, "an unsigned value must be replaced"
        await caseworker_replies(runtime, "Hola, soy Ana del equipo.")
        transport = victim._transport  # the same app, another browser
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as other:
            other.cookies.set(COOKIE, planted)
            stolen = (await other.get("/chat/updates")).json()["replies"]
        assert stolen == []
        mine = (await victim.get("/chat/updates")).json()["replies"]
    assert [r["text"] for r in mine] == ["Hola, soy Ana del equipo."]


async def test_a_forged_signature_starts_a_fresh_session(web_app) -> None:
    async with web_app() as (client, _):
        first = await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
        issued = first.cookies.get(COOKIE)
        assert issued
        kept = await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
        assert kept.cookies.get(COOKIE) in (None, issued)  # a valid id is kept
        value, _, signature = issued.rpartition(".")
        forged = f"{value}x.{signature}"
        client.cookies.clear()
        client.cookies.set(COOKIE, forged)
        again = await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
        fresh = again.cookies.get(COOKIE)
    assert fresh and fresh not in (forged, issued)


async def test_cookie_is_httponly_samesite_and_secure_behind_https(web_app) -> None:
    async with web_app(
        base_url="https://rumbo.example.org", public_url="https://rumbo.example.org"
    ) as (client, _):
        turn = await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
    header = turn.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header and "secure" in header
