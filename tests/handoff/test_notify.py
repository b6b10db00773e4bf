"""New urgent tickets are announced in the caseworkers' Telegram group: number, priority, link."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.channels.telegram.adapter import TelegramAdapter
from bot.handoff import notify
from bot.handoff.notify import UrgentAnnouncer
from bot.runtime import Runtime
from bot.storage.models import TicketEvent
from tests.channels.telegram.fake_bot_api import Failure, FakeBotApi, running_fake
from tests.conftest import Person

GROUP = "-1001234567890"
NUMBER = "+593991112233"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with running_fake() as server:
        yield server


@pytest.fixture
async def announcer(sqlite_runtime: Runtime, fake: FakeBotApi) -> AsyncIterator[UrgentAnnouncer]:
    settings = sqlite_runtime.settings.model_copy(
        update={
            "telegram_bot_token": fake.token,
            "telegram_api_url": fake.base_url,
            "caseworker_telegram_chat": GROUP,
            "public_url": "https://rumbo.example.org",
        }
    )
    # The announcer writes through the Telegram channel adapter (no second telegram.Bot).
    adapter = TelegramAdapter()
    await adapter.start(dataclasses.replace(sqlite_runtime, settings=settings))
    yield UrgentAnnouncer(sqlite_runtime.db, settings, notify.through(adapter))
    await adapter.stop(sqlite_runtime)


async def test_urgent_ticket_is_announced_once_without_personal_data(
    sqlite_runtime: Runtime, fake: FakeBotApi, announcer: UrgentAnnouncer
) -> None:
    text = "mi pareja me pega y me quiere matar"
    result = await Person(sqlite_runtime, "sms", NUMBER).says(text)
    assert result.urgent
    assert await announcer.run_once() == 1
    sent = fake.sent()
    assert len(sent) == 1 and sent[0]["chat_id"] == GROUP
    message = sent[0]["text"]
    assert "Caso #1" in message and "URGENTE" in message  # Spanish first (#18)
    assert "https://rumbo.example.org/console/tickets/1" in message
    for private in (NUMBER, NUMBER[-9:], "pareja", "matar", "violence"):
        assert private not in message
    assert await announcer.run_once() == 0 and len(fake.sent()) == 1


async def test_normal_tickets_are_not_announced_until_raised(
    sqlite_runtime: Runtime, fake: FakeBotApi, announcer: UrgentAnnouncer
) -> None:
    person = Person(sqlite_runtime, "telegram", "555000111")
    await person.says("HUMANO")
    assert await announcer.run_once() == 0
    raised = await person.says("me tienen encerrada y no me dejan salir")
    assert raised.urgent
    assert await announcer.run_once() == 1
    assert "Caso #1" in fake.sent()[0]["text"]


async def test_a_failed_announcement_is_retried(
    sqlite_runtime: Runtime, fake: FakeBotApi, announcer: UrgentAnnouncer
) -> None:
    fake.fail("sendMessage", Failure(status=500, description="Internal Server Error"))
    urgent = await Person(sqlite_runtime, "web", "w-urgent").says("mi pareja me pega")
    assert urgent.urgent
    assert await announcer.run_once() == 0
    assert await announcer.run_once() == 0, "not hammered: the next try waits a moment"
    later(announcer, seconds=3)
    assert await announcer.run_once() == 1
    async with sqlite_runtime.db.sessions() as session:
        kinds = list(await session.scalars(select(TicketEvent.kind).order_by(TicketEvent.id)))
    assert kinds == ["created", "announce_failed", "announced"]


def later(announcer: UrgentAnnouncer, *, seconds: float) -> None:
    """Move the announcer's clock forward."""
    now = announcer.clock()
    announcer.clock = lambda: now + timedelta(seconds=seconds)


async def test_an_urgent_ticket_is_never_given_up_on(
    sqlite_runtime: Runtime, fake: FakeBotApi, announcer: UrgentAnnouncer
) -> None:
    outage = [Failure(status=502, description="Bad Gateway")] * 12
    fake.fail("sendMessage", *outage)
    assert (await Person(sqlite_runtime, "web", "w-outage").says("mi pareja me pega")).urgent
    for _ in range(12):
        assert await announcer.run_once() == 0
        later(announcer, seconds=61)
    assert await announcer.run_once() == 1, "announced once Telegram is back"
    async with sqlite_runtime.db.sessions() as session:
        kinds = list(await session.scalars(select(TicketEvent.kind).order_by(TicketEvent.id)))
    assert kinds.count("announce_failed") == 3 and kinds[-1] == "announced"


async def test_telegrams_retry_after_is_respected(
    sqlite_runtime: Runtime, fake: FakeBotApi, announcer: UrgentAnnouncer
) -> None:
    fake.fail("sendMessage", Failure(status=429, description="Too Many Requests", retry_after=30))
    assert (await Person(sqlite_runtime, "web", "w-flood").says("mi pareja me pega")).urgent
    assert await announcer.run_once() == 0
    later(announcer, seconds=20)
    assert await announcer.run_once() == 0, "Telegram asked for 30 s"
    later(announcer, seconds=11)
    assert await announcer.run_once() == 1


async def test_nothing_is_sent_without_a_group(sqlite_runtime: Runtime, fake: FakeBotApi) -> None:
    async def must_not_send(chat: str, text: str) -> None:
        raise AssertionError("no group configured, nothing may be sent")

    quiet = UrgentAnnouncer(sqlite_runtime.db, sqlite_runtime.settings, must_not_send)
    assert (await Person(sqlite_runtime, "web", "w-quiet").says("mi pareja me pega")).urgent
    assert await quiet.run_once() == 0
    assert not notify.enabled(sqlite_runtime.settings)
