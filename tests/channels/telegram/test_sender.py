"""Sending through PTB's real HTTP stack to the fake Bot API, and the typed errors it maps to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot

from bot.channels.outbox import SendError
from bot.channels.telegram.sender import TelegramSender, seconds
from bot.channels.telegram.setup import ALLOWED_UPDATES, build_bot, set_webhook
from tests.channels.telegram.conftest import SECRET, telegram_settings
from tests.channels.telegram.fake_bot_api import Failure, FakeBotApi


@pytest.fixture
async def bot(tmp_path: Path, fake: FakeBotApi) -> AsyncIterator[Bot]:
    """A Bot with a short read timeout, so the slow-response case stays fast."""
    async with build_bot(telegram_settings(tmp_path, fake), read_timeout=0.5) as client:
        yield client


async def test_a_reply_with_buttons_is_an_inline_keyboard_in_html(bot, fake: FakeBotApi) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "text": "<b>Salud</b>\nElige:",
        "parse_mode": "HTML",
        "buttons": [[{"text": "Atención", "callback_data": "article:health-access"}]],
    }
    provider_id = await TelegramSender(bot).send("100000001", payload, message_id=1)
    (sent,) = fake.sent()
    assert provider_id == "1001"
    assert sent["chat_id"] == "100000001"
    assert sent["parse_mode"] == "HTML"
    assert sent["reply_markup"] == {
        "inline_keyboard": [[{"text": "Atención", "callback_data": "article:health-access"}]]
    }


async def test_a_location_request_is_a_one_time_reply_keyboard(bot, fake: FakeBotApi) -> None:  # type: ignore[no-untyped-def]
    payload = {"text": "¿Dónde estás?", "request_location": "Compartir ubicación"}
    await TelegramSender(bot).send("100000001", payload, message_id=1)
    markup = fake.sent()[0]["reply_markup"]
    assert markup["keyboard"] == [[{"text": "Compartir ubicación", "request_location": True}]]
    assert markup["one_time_keyboard"] is True


@pytest.mark.parametrize(
    ("failure", "reason", "retryable", "unreachable", "retry_after"),
    [
        (Failure(429, "Too Many Requests: retry after 3", 3), "telegram_429", True, False, 3.0),
        (Failure(403, "Forbidden: bot was blocked by the user"), "telegram_403", False, True, None),
        (Failure(400, "Bad Request: can't parse entities"), "telegram_400", False, False, None),
        (Failure(500, "Internal Server Error"), "telegram_network", True, False, None),
        (Failure(502, "Bad Gateway"), "telegram_network", True, False, None),
        # the request reached Telegram: sending it again could double the message
        (Failure(delay=1.5), "telegram_timeout_unconfirmed", False, False, None),
    ],
    ids=["429", "403", "400", "500", "502", "slow"],
)
async def test_bot_api_failures_become_typed_send_errors(  # type: ignore[no-untyped-def]
    bot, fake: FakeBotApi, failure, reason, retryable, unreachable, retry_after
) -> None:
    fake.fail("sendMessage", failure)
    with pytest.raises(SendError) as caught:
        await TelegramSender(bot).send("100000001", {"text": "hola"}, message_id=1)
    error = caught.value
    assert (error.reason, error.retryable, error.unreachable) == (reason, retryable, unreachable)
    assert error.retry_after == retry_after


def test_retry_after_may_be_seconds_or_a_timedelta() -> None:
    from datetime import timedelta

    assert seconds(3) == 3.0
    assert seconds(timedelta(seconds=7)) == 7.0


async def test_retry_after_as_timedelta_under_ptb_timedelta(
    bot, fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake.fail("sendMessage", Failure(429, "Too Many Requests: retry after 4", 4))
    with pytest.raises(SendError) as caught:
        await TelegramSender(bot).send("100000001", {"text": "hola"}, message_id=1)
    assert caught.value.retry_after == 4.0


async def test_set_webhook_registers_url_secret_and_update_kinds(
    tmp_path: Path, fake: FakeBotApi
) -> None:
    url = await set_webhook(telegram_settings(tmp_path, fake))
    assert url == "https://rumbo.example.org/webhooks/telegram"
    assert fake.webhook["url"] == url
    assert fake.webhook["secret_token"] == SECRET
    assert fake.webhook["allowed_updates"] == ALLOWED_UPDATES
    assert {c["language_code"] for c in fake.sent("setMyCommands")} == {"es", "en"}
