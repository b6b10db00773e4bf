"""The full loop on Telegram: a person asks for a person, a caseworker claims and replies in the
console, and the fake Bot API receives the reply for that chat. Urgent tickets reach the group.
"""

from __future__ import annotations

import asyncio
import html

from sqlalchemy import func, select

from bot.storage.models import Message, Ticket
from tests.channels.telegram.conftest import (  # noqa: F401 - fixtures used by name
    fake,
    fixture_json,
    start_app,
)
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.console.conftest import console_user

CHAT = "100000001"  # the chat of tests/fixtures/telegram/text.json
GROUP = "-1009876543210"


def update(text: str, update_id: int) -> dict:  # type: ignore[type-arg]
    body = fixture_json("text.json")
    body["update_id"] = update_id
    body["message"]["message_id"] = update_id % 100000
    body["message"]["text"] = text
    return body


async def ticket_of(runtime) -> Ticket:  # type: ignore[no-untyped-def]
    async with runtime.db.sessions() as session:
        found = await session.scalar(select(Ticket).order_by(Ticket.id.desc()))
    assert found is not None
    return found


async def all_sent(runtime, api: FakeBotApi) -> int:  # type: ignore[no-untyped-def]
    """Wait until the outbox has nothing left for anyone; the number of messages sent."""
    async with asyncio.timeout(10):
        while True:
            async with runtime.db.sessions() as session:
                waiting = await session.scalar(
                    select(func.count())
                    .select_from(Message)
                    .where(Message.direction == "out", Message.status.in_(("queued", "sending")))
                )
            if not waiting:
                return len(api.sent())
            await asyncio.sleep(0.05)


async def test_telegram_person_gets_the_caseworkers_reply(
    start_app,  # noqa: F811
    fake: FakeBotApi,  # noqa: F811
) -> None:
    async with start_app() as running:
        await running.post_update(update("quiero hablar con una persona", 910000001))
        await fake.wait_for("sendMessage")
        ticket = await ticket_of(running.runtime)
        assert ticket.channel == "telegram" and ticket.reason == "asked"
        bot_messages = await all_sent(running.runtime, fake)

        async with console_user(running.app, running.runtime) as ana:
            page = await ana.open(ticket.conversation_id)
            assert "quiero hablar con una persona" in page and CHAT not in page
            assert await ana.act(ticket.id, "claim") == "claimed"
            reply = "Hola, soy Ana del equipo. ¿Tienes pasaporte o cédula? <sin prisa>"
            assert await ana.act(ticket.id, "reply", text=reply) == "replied"
            await fake.wait_for("sendMessage", count=bot_messages + 1)
            sent = fake.sent()[-1]
            assert sent["chat_id"] == CHAT
            assert sent["text"] == html.escape(reply, quote=False)
            assert sent["parse_mode"] == "HTML"

            assert await ana.act(ticket.id, "close", outcome="resolved", tell_person="yes") == (
                "closed"
            )
            await fake.wait_for("sendMessage", count=bot_messages + 2)
            assert fake.sent()[-1]["chat_id"] == CHAT
            assert "terminó" in fake.sent()[-1]["text"]


async def test_urgent_telegram_message_is_announced_to_the_group(
    start_app,  # noqa: F811
    fake: FakeBotApi,  # noqa: F811
) -> None:
    async with start_app(caseworker_telegram_chat=GROUP) as running:
        await running.post_update(update("mi pareja me pega y tengo miedo", 910000002))
        await fake.wait_for("sendMessage", count=3)
        group = [m for m in fake.sent() if m["chat_id"] == GROUP]
        assert len(group) == 1
        assert "Caso #1" in group[0]["text"] and "URGENTE" in group[0]["text"]
        assert "https://rumbo.example.org/console/tickets/1" in group[0]["text"]
        assert CHAT not in group[0]["text"] and "pareja" not in group[0]["text"]
        to_person = [m for m in fake.sent() if m["chat_id"] == CHAT]
        assert "911" in to_person[0]["text"]  # emergency information first
