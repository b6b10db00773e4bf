"""Regression tests for the channel findings of issue 17 on Telegram (real app, fake Bot API)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.models import InboundEvent
from tests.channels.telegram.conftest import fixture_json
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.channels.telegram.test_webhook import inbound_messages, settle


@pytest.mark.parametrize("data", ["topic:no_longer_a_topic", "article:no-longer-an-article"])
async def test_a_button_naming_something_gone_is_answered_with_the_menu(
    start_app, fake: FakeBotApi, data: str
) -> None:
    update = fixture_json("callback_query.json")
    update["callback_query"]["data"] = data
    async with start_app() as running:
        assert (await running.post_update(update)).status_code == 200
        await fake.wait_for("sendMessage")
        await settle(running, fake)
        (reply,) = fake.sent("sendMessage")
        assert reply["chat_id"] == "100000003"
        buttons = [
            b["callback_data"] for row in reply["reply_markup"]["inline_keyboard"] for b in row
        ]
        assert "topic:health" in buttons and "human" in buttons, "the main menu"
        (inbound,) = await inbound_messages(running.runtime)
        assert inbound.status == "processed"
        async with running.runtime.db.sessions() as session:
            event = (await session.scalars(select(InboundEvent))).one()
        assert (event.status, event.attempts) == ("done", 1), "processed once, not retried"


async def test_a_flood_from_one_chat_does_not_delay_another_chat(sqlite_runtime) -> None:  # type: ignore[no-untyped-def]
    """640 pending updates of one chat, then one of another: the other chat's update is among
    the very first processed (the claim used to scan only the oldest 500 pending rows)."""
    from tests.channels.telegram.test_inbox import Inbox, Worker, store, uid

    inbox = Inbox(sqlite_runtime.db, sqlite_runtime.protector)
    for n in range(640):
        assert await store(inbox, 1000 + n, 1)
    assert await store(inbox, 5000, 2)
    first = await inbox.claim(limit=16, busy=set())
    assert sorted(uid(c) for c in first) == [1000, 5000], "one head per chat, both chats"

    seen: list[int] = []

    async def handler(item) -> None:  # type: ignore[no-untyped-def]
        seen.append(uid(item))

    for item in first:
        await inbox.finish(item)
    worker = Worker(inbox, handler)
    await worker.drain(within=120)
    assert seen == list(range(1001, 1640)), "the flooding chat still goes in update_id order"
