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
