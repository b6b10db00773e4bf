"""Finding 2: the web chat takes JSON from its own page only, is rate-limited per session and
(generously) per address in the database, and caps urgent tickets per source without ever
withholding the emergency reply."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from bot.handoff.notify import UrgentAnnouncer
from bot.storage.models import Message, Ticket, TicketEvent

JSON = {"Content-Type": "application/json"}
DANGER = "mi pareja me pega y tengo miedo, ayuda"


async def count(runtime, model, *where) -> int:
    async with runtime.db.sessions() as session:
        statement = select(func.count()).select_from(model)
        for condition in where:
            statement = statement.where(condition)
        return int(await session.scalar(statement) or 0)


async def test_cross_origin_text_plain_post_is_refused_and_opens_no_ticket(web_app) -> None:
    async with web_app() as (client, runtime):
        response = await client.post(
            "/chat/message",
            content=b'{"text": "' + DANGER.encode() + b'"}',
            headers={
                "Content-Type": "text/plain",
                "Origin": "https://evil.example",
                "Sec-Fetch-Site": "cross-site",
            },
        )
        assert response.status_code in (400, 403)
        assert await count(runtime, Ticket) == 0
        assert await count(runtime, Message) == 0


async def test_text_plain_is_refused_even_from_the_same_origin(web_app) -> None:
    async with web_app() as (client, runtime):
        response = await client.post(
            "/chat/message", content=b'{"text": "hola"}', headers={"Content-Type": "text/plain"}
        )
        assert response.status_code == 400
        assert await count(runtime, Message) == 0


async def test_json_from_another_origin_is_refused(web_app) -> None:
    async with web_app() as (client, runtime):
        for headers in (
            {"Origin": "https://evil.example"},
            {"Sec-Fetch-Site": "cross-site"},
            {"Sec-Fetch-Site": "same-site", "Origin": "https://chat.evil.example"},
            {"Origin": "null"},
        ):
            response = await client.post(
                "/chat/message", json={"text": DANGER}, headers=JSON | headers
            )
            assert response.status_code == 403, headers
        assert await count(runtime, Ticket) == 0


async def test_json_from_our_own_page_is_accepted(web_app) -> None:
    async with web_app() as (client, _):
        response = await client.post(
            "/chat/message",
            json={"text": "hola"},
            headers=JSON | {"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"},
        )
    assert response.status_code == 200


async def test_public_url_is_the_origin_behind_a_proxy(web_app) -> None:
    async with web_app(public_url="https://rumbo.example.org") as (client, _):
        ok = await client.post(
            "/chat/message",
            json={"text": "hola"},
            headers=JSON | {"Origin": "https://rumbo.example.org"},
        )
        bad = await client.post(
            "/chat/message", json={"text": "hola"}, headers=JSON | {"Origin": "http://127.0.0.1"}
        )
    assert ok.status_code == 200 and bad.status_code == 403


async def test_one_session_is_limited_before_its_address(web_app) -> None:
    async with web_app(web_chat_session_per_minute=3, web_chat_ip_per_minute=100) as (
        client,
        _,
    ):
        statuses = [
            (await client.post("/chat/message", json={"text": "hola"}, headers=JSON)).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        client.cookies.clear()  # someone else on the shelter's Wi-Fi
        other = await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
    assert other.status_code == 200


async def test_the_address_limit_holds_across_processes(web_app) -> None:
    """Two app processes on one database share the count (each alone would allow 4)."""
    async with (
        web_app(web_chat_ip_per_minute=4) as (first, _),
        web_app(web_chat_ip_per_minute=4) as (second, _),
    ):
        statuses = []
        for index in range(6):
            client = first if index % 2 == 0 else second
            client.cookies.clear()
            response = await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
            statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 200, 429, 429]


async def test_over_the_rate_limit_a_danger_message_still_gets_the_emergency_reply(
    web_app,
) -> None:
    async with web_app(web_chat_session_per_minute=2) as (client, _):
        for _ in range(2):
            await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
        limited = await client.post("/chat/message", json={"text": "hola"}, headers=JSON)
        assert limited.status_code == 429
        assert "911" in limited.json()["replies"][0]["text"]
        danger = await client.post("/chat/message", json={"text": DANGER}, headers=JSON)
    assert danger.status_code == 200 and danger.json()["urgent"]
    assert "911" in danger.json()["replies"][0]["text"]


async def test_a_danger_flood_opens_capped_tickets_and_every_reply_is_urgent(web_app) -> None:
    """30 danger messages without a cookie: every one gets the emergency reply, but only
    the cap's worth of urgent tickets (and of alerts to the caseworkers' group) opens."""
    sent: list[str] = []

    async def send(chat: str, text: str) -> None:
        sent.append(text)

    async with web_app(urgent_tickets_per_source_per_hour=3, web_chat_ip_per_minute=100) as (
        client,
        runtime,
    ):
        for _ in range(30):
            client.cookies.clear()
            response = await client.post("/chat/message", json={"text": DANGER}, headers=JSON)
            assert response.status_code == 200
            body = response.json()
            assert body["urgent"] and "911" in body["replies"][0]["text"]
        assert await count(runtime, Ticket, Ticket.priority == "urgent") == 3
        assert await count(runtime, TicketEvent, TicketEvent.kind == "joined") == 27
        settings = runtime.settings.model_copy(update={"caseworker_telegram_chat": "-100123"})
        assert await UrgentAnnouncer(runtime.db, settings, send).run_once() == 3
    assert len(sent) == 3


async def test_different_addresses_each_get_their_own_cap(web_app) -> None:
    async with web_app(urgent_tickets_per_source_per_hour=1) as (client, runtime):
        app = client._transport.app  # type: ignore[attr-defined]
        for index in range(3):
            transport = httpx.ASGITransport(app=app, client=(f"10.0.0.{index + 1}", 5000))
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                await c.post("/chat/message", json={"text": DANGER}, headers=JSON)
        assert await count(runtime, Ticket, Ticket.priority == "urgent") == 3
