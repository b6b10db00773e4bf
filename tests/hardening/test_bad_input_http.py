"""Finding 5: malformed input at the edge gets a 400 or 404, never a 500."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import func, select

from bot.storage.models import Message, Ticket
from tests.channels.sms.conftest import PUBLIC, fixture, sign
from tests.channels.telegram.conftest import fixture_json
from tests.conftest import Person
from tests.console.conftest import csrf_of, sign_in

DEEP = b"[" * 20_000 + b"]" * 20_000  # under the 64 KB body limit, far over any sane depth
DEEP_OBJECT = b'{"text": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_000 + b"}"


@pytest.mark.parametrize(
    "body",
    [
        DEEP,
        DEEP_OBJECT,
        b'{"location": [NaN, Infinity]}',
        b'{"location": [1e999, 0]}',
        b'{"location": [91, 0]}',
        b'{"text": "\\ud800"}',
        b'{"text": "hola \\udfff amigo"}',
        b'{"choice_id": "\\ud800"}',
        b'{"text": "hola", "lang": "\\ud800"}',
    ],
    ids=[
        "deep-list",
        "deep-object",
        "nan",
        "overflow",
        "out-of-range",
        "surrogate",
        "low-surrogate",
        "surrogate-choice",
        "surrogate-lang",
    ],
)
async def test_web_chat_bad_json_is_a_400(web_app, body: bytes) -> None:
    async with web_app() as (client, runtime):
        response = await client.post(
            "/chat/message", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400, response.text
        async with runtime.db.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Message)) == 0


async def test_web_chat_emoji_pairs_are_fine(web_app) -> None:
    async with web_app() as (client, _):
        response = await client.post(
            "/chat/message",
            content=b'{"text": "hola \\ud83d\\ude00"}',
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [DEEP, b'{"update_id": 1, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"],
    ids=["deep-list", "deep-in-update"],
)
async def test_telegram_deep_json_is_a_400(start_app, body: bytes) -> None:
    async with start_app() as running:
        response = await running.post_update(body)
    assert response.status_code == 400


async def test_telegram_lone_surrogate_is_a_400(start_app) -> None:
    update = fixture_json("text.json")
    raw = json.dumps(update).replace(json.dumps(update["message"]["text"]), '"\\ud800"')
    async with start_app() as running:
        response = await running.post_update(raw.encode())
    assert response.status_code == 400


async def test_signed_status_callback_with_odd_outbox_id_is_not_a_500(sms) -> None:
    body = fixture("status_delivered")
    for raw in ("%C2%B2", "9" * 30, "%D9%A3"):
        path = f"/webhooks/twilio/status?m={raw}"
        response = await sms.post(body, path=path, signature=sign(f"{PUBLIC}{path}", body))
        assert response.status_code == 200, raw  # an unknown report: acknowledged, ignored


BAD_IDS = ["%C2%B2", str(2**63), str(2**64 + 5), "%D9%A3"]


@pytest.mark.parametrize("raw", BAD_IDS)
async def test_console_odd_ids_are_404_or_400(
    console: httpx.AsyncClient, accounts, sqlite_runtime, raw: str
) -> None:
    await Person(sqlite_runtime, "web", "someone").says("HUMANO")
    async with sqlite_runtime.db.sessions() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None
    await sign_in(console, "sofia@example.org")
    page = await console.get(f"/console/conversations/{ticket.conversation_id}")
    csrf = csrf_of(page.text)
    statuses = {
        "ticket": (await console.get(f"/console/tickets/{raw}")).status_code,
        "conversation": (await console.get(f"/console/conversations/{raw}")).status_code,
        "audit": (await console.get(f"/console/audit?before={raw}")).status_code,
    }
    for action in ("claim", "reply", "note", "transfer", "close"):
        response = await console.post(
            f"/console/tickets/{raw}/{action}", data={"csrf": csrf, "text": "x", "to": "1"}
        )
        statuses[action] = response.status_code
    statuses["transfer-to"] = (
        await console.post(f"/console/tickets/{ticket.id}/transfer", data={"csrf": csrf, "to": raw})
    ).status_code
    statuses["canned-delete"] = (
        await console.post(f"/console/canned/{raw}/delete", data={"csrf": csrf})
    ).status_code
    assert all(status in (400, 404) for status in statuses.values()), statuses
