"""Nothing is lost: polling feeds the same stored path, pending updates survive a restart, and
the outbox retries or stops according to what Telegram answered."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import select

from bot.logging_setup import OnlyOursBelowWarning
from bot.storage.crypto import Protector
from bot.storage.db import connect
from bot.storage.inbound import InboundQueue
from bot.storage.migrate import upgrade_async
from bot.storage.models import Contact, Message
from tests.channels.telegram.conftest import fixture_bytes, fixture_json
from tests.channels.telegram.fake_bot_api import Failure, FakeBotApi
from tests.conftest import TEST_SECRET


async def test_polling_stores_and_answers_and_moves_the_offset(start_app, fake: FakeBotApi) -> None:
    fake.webhook = {"url": "https://old.example.org/webhooks/telegram"}
    fake.push_update(fixture_json("text.json"))
    async with start_app(public_url=None) as running:
        await fake.wait_for("sendMessage")
        await fake.wait_for("getUpdates", 2)
        assert fake.sent("deleteWebhook"), "a webhook left over would make getUpdates fail"
        assert {m["chat_id"] for m in fake.sent()} == {"100000001"}
        offsets = [call.get("offset") for call in fake.sent("getUpdates")]
        assert offsets[0] is None or offsets[0] == ""
        assert offsets[1] == str(900000001 + 1)
        assert running.app.state.adapters["telegram"].channel


async def test_an_update_left_pending_by_a_crash_is_answered_at_start_up(
    tmp_path, start_app, fake: FakeBotApi
) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path / 'rumbo.db'}"
    await upgrade_async(url)
    db = connect(url)
    queue = InboundQueue(db, Protector(TEST_SECRET))
    data = fixture_json("text.json")
    assert await queue.store(
        channel="telegram",
        external_id=str(data["update_id"]),
        sender="100000001",
        data=data,
        sequence=data["update_id"],
    )  # stored, 200 sent, then...
    await db.dispose()  # ...the process died before processing it
    async with start_app() as running:
        await fake.wait_for("sendMessage")
        assert {m["chat_id"] for m in fake.sent()} == {"100000001"}
        # The reply can leave before the event is marked done (the worker finishes it after
        # the turn's transaction; the outbox is woken by that transaction): wait for it, bounded.
        queue = running.app.state.inbound.queue
        for _ in range(100):
            if await queue.pending_count() == 0:
                break
            await asyncio.sleep(0.05)
        assert await queue.pending_count() == 0


async def test_blocked_by_the_user_marks_unreachable_and_stops(start_app, fake: FakeBotApi) -> None:
    fake.fail("sendMessage", Failure(403, "Forbidden: bot was blocked by the user"))
    async with start_app() as running:
        await running.post_update(fixture_bytes("text.json"))
        await fake.wait_for("sendMessage")
        await asyncio.sleep(1.0)
        async with running.runtime.db.sessions() as session:
            contact = (await session.scalars(select(Contact))).one()
            out = list(await session.scalars(select(Message).where(Message.direction == "out")))
        assert contact.unreachable is True
        assert out[0].status == "failed" and out[0].last_error == "telegram_403"
        assert len(fake.sent()) < len(out) + 1, "no retry after a 403"


async def test_flood_control_waits_retry_after_then_delivers(start_app, fake: FakeBotApi) -> None:
    fake.fail("sendMessage", Failure(429, "Too Many Requests: retry after 1", 1))
    async with start_app() as running:
        await running.post_update(fixture_bytes("text.json"))
        await fake.wait_for("sendMessage", 2, within=10)
        first, second = [c for c in fake.calls if c.method == "sendMessage"][:2]
        assert second.at - first.at >= 0.95, "waited retry_after before the retry"
        texts = [m["text"] for m in fake.sent()]
        assert texts[0] == texts[1], "the same reply again, after waiting"


async def test_a_server_error_is_retried(start_app, fake: FakeBotApi) -> None:
    fake.fail("sendMessage", Failure(500, "Internal Server Error"))
    async with start_app() as running:
        await running.post_update(fixture_bytes("text.json"))
        await fake.wait_for("sendMessage", 2, within=15)
        texts = [m["text"] for m in fake.sent()]
        assert texts[0] == texts[1]
        assert running


async def test_tokens_chat_ids_and_texts_never_reach_the_logs(
    start_app, fake: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail("sendMessage", Failure(403, "Forbidden: bot was blocked by the user"))
    async with start_app() as running:
        await running.post_update(fixture_bytes("text.json"))
        await running.post_update(fixture_bytes("group_message.json"))
        await running.post_update(b"not json")
        await fake.wait_for("sendMessage", 2)
        await asyncio.sleep(0.5)
    # What the production handler lets through: our records, and anyone's warnings and errors.
    shown = [r for r in caplog.records if OnlyOursBelowWarning().filter(r)]
    assert any(r.name.startswith("bot.") for r in shown)
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in shown)
    for secret in (fake.token, "100000001", "1001000000007", "medico sin cedula"):
        assert secret not in logged
