"""The webhook end to end: real app, real PTB HTTP stack, fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.storage.models import Contact, InboundEvent, Message
from tests.channels.telegram.conftest import SECRET, fixture_bytes, fixture_json
from tests.channels.telegram.fake_bot_api import FakeBotApi


async def count(runtime, model) -> int:  # type: ignore[no-untyped-def]
    async with runtime.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def settle(running, fake: FakeBotApi, seconds: float = 0.5) -> None:  # type: ignore[no-untyped-def]
    """Let the worker and the outbox finish whatever they started."""
    await running.app.state.inbound.drain()
    await asyncio.sleep(seconds)


async def test_text_update_gets_exactly_one_answer_and_a_repeat_gets_none(
    start_app, fake: FakeBotApi
) -> None:
    async with start_app() as running:
        response = await running.post_update(fixture_bytes("text.json"))
        assert response.status_code == 200
        await fake.wait_for("sendMessage")
        await settle(running, fake)
        sent = fake.sent()
        assert len(sent) == 1, "one sendMessage: the answer, closed by the privacy notice"
        assert sent[0]["chat_id"] == "100000001"
        assert "<b>" in sent[0]["text"], "the answer's title is bold"
        assert sent[0]["text"].startswith("<b>") and "BORRAR" in sent[0]["text"]
        assert all(m["parse_mode"] == "HTML" for m in sent)
        before = len(sent)

        again = await running.post_update(fixture_bytes("text.json"))
        assert again.status_code == 200
        await settle(running, fake)
        assert len(fake.sent()) == before
        assert await count(running.runtime, InboundEvent) == 1


async def inbound_messages(runtime) -> list[Message]:  # type: ignore[no-untyped-def]
    async with runtime.db.sessions() as session:
        rows = await session.scalars(
            select(Message).where(Message.direction == "in").order_by(Message.id)
        )
        return list(rows)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "application/json"}, 403),
        ({"X-Telegram-Bot-Api-Secret-Token": "wrong-secret"}, 403),
        ({"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]}, 403),
        ({"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"}, 403),
    ],
    ids=["missing", "wrong", "prefix", "longer"],
)
async def test_a_bad_secret_is_refused_before_anything_is_stored(
    start_app, fake: FakeBotApi, headers: dict[str, str], status: int
) -> None:
    async with start_app() as running:
        response = await running.post_update(fixture_bytes("text.json"), headers=headers)
        assert response.status_code == status
        await asyncio.sleep(0.3)
        assert await count(running.runtime, InboundEvent) == 0
        assert await count(running.runtime, Message) == 0
        assert fake.sent() == []


@pytest.mark.parametrize(
    "body",
    [
        fixture_bytes("not_json.txt"),
        fixture_bytes("not_an_update.json"),
        b"[1, 2, 3]",
        b'{"update_id": "12"}',
        b"\xff\xfe not utf-8",
        b'{"update_id": 5, "message": {"text": "no chat, no date"}}',
    ],
    ids=["form", "no-update-id", "list", "string-id", "binary", "broken-message"],
)
async def test_a_body_that_is_not_an_update_gets_400(start_app, fake: FakeBotApi, body) -> None:  # type: ignore[no-untyped-def]
    async with start_app() as running:
        response = await running.post_update(body)
        assert response.status_code == 400
        assert await count(running.runtime, InboundEvent) == 0


async def test_no_secret_configured_means_no_webhook(start_app, fake: FakeBotApi) -> None:
    async with start_app(telegram_secret=None, public_url=None, run_workers=False) as running:
        response = await running.post_update(fixture_bytes("text.json"))
        assert response.status_code == 403


async def test_an_edited_message_is_stored_as_done_and_not_answered(
    start_app, fake: FakeBotApi
) -> None:
    async with start_app() as running:
        assert (await running.post_update(fixture_bytes("edited_message.json"))).status_code == 200
        await settle(running, fake)
        assert fake.sent() == []
        async with running.runtime.db.sessions() as session:
            event = (await session.scalars(select(InboundEvent))).one()
        assert event.status == "done"
        assert (event.external_id, event.payload) == ("900000005", {}), (
            "the copy is dropped once done"
        )
        assert event.order_key is None, "and the chat's hash with it"
        assert await inbound_messages(running.runtime) == []


async def test_a_group_is_declined_once_and_nothing_is_processed(
    start_app, fake: FakeBotApi
) -> None:
    second = fixture_json("group_message.json")
    second["update_id"] += 100
    second["message"]["text"] = "hola, ayuda con la visa"
    async with start_app() as running:
        assert (await running.post_update(fixture_bytes("group_message.json"))).status_code == 200
        await fake.wait_for("sendMessage")
        assert (await running.post_update(second)).status_code == 200
        await settle(running, fake)
        sent = fake.sent()
        assert len(sent) == 1
        assert sent[0]["chat_id"] == "-1001000000007"
        assert "chats privados" in sent[0]["text"]
        assert await inbound_messages(running.runtime) == []


async def test_a_button_press_is_answered_and_routed_as_a_choice(
    start_app, fake: FakeBotApi
) -> None:
    async with start_app() as running:
        assert (await running.post_update(fixture_bytes("callback_query.json"))).status_code == 200
        await fake.wait_for("sendMessage")
        await settle(running, fake)
        assert fake.sent("answerCallbackQuery") == [{"callback_query_id": "4382bfdwdsb323b2d9"}]
        assert {m["chat_id"] for m in fake.sent()} == {"100000003"}
        (inbound,) = await inbound_messages(running.runtime)
        assert inbound.payload == {"kind": "choice", "choice_id": "topic:health"}
        assert inbound.intent == "topic"


async def test_start_with_a_deep_link_payload_opens_that_topic(start_app, fake: FakeBotApi) -> None:
    async with start_app() as running:
        await running.post_update(fixture_bytes("start_payload.json"))
        await fake.wait_for("sendMessage")
        await settle(running, fake)
        (inbound,) = await inbound_messages(running.runtime)
        assert inbound.text == "/start health"
        assert inbound.intent == "topic"
        first = fake.sent()[0]
        assert first["chat_id"] == "100000002"
        assert "reply_markup" in first, "a topic offers its articles as buttons"
        for row in first["reply_markup"]["inline_keyboard"]:
            for button in row:
                assert 1 <= len(button["callback_data"].encode()) <= 64


async def test_a_shared_location_finds_nearby_services(start_app, fake: FakeBotApi) -> None:
    async with start_app() as running:
        await running.post_update(fixture_bytes("location.json"))
        await fake.wait_for("sendMessage")
        await settle(running, fake)
        (inbound,) = await inbound_messages(running.runtime)
        # the position answers this one question and is not stored
        assert inbound.payload == {"kind": "location", "location": "shared"}
        assert inbound.intent == "services_location"
        assert "Quito" in fake.sent()[0]["text"]


async def test_a_sticker_gets_a_polite_text_reply(start_app, fake: FakeBotApi) -> None:
    # Voice notes, photos and documents are fetched and kept: tests/channels/telegram/test_media.py
    async with start_app() as running:
        await running.post_update(fixture_bytes("sticker.json"))
        await fake.wait_for("sendMessage")
        await settle(running, fake)
        (inbound,) = await inbound_messages(running.runtime)
        assert inbound.payload == {"kind": "media"}
        assert inbound.intent == "media"
        assert fake.sent()[0]["text"]


async def test_a_blocked_bot_marks_the_contact_unreachable(start_app, fake: FakeBotApi) -> None:
    async with start_app() as running:
        await running.post_update(fixture_bytes("text.json"))
        await fake.wait_for("sendMessage")
        await running.post_update(fixture_bytes("my_chat_member_kicked.json"))
        await settle(running, fake)
        async with running.runtime.db.sessions() as session:
            contact = (await session.scalars(select(Contact))).one()
        assert contact.unreachable is True
