"""The channel contract (issue 17): typed adapters in one list, one worker loop, isolated sends."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from bot.channels import registry
from bot.channels.contract import ChannelAdapter
from bot.channels.outbox import MAX_ATTEMPTS, Outbox, SendError
from bot.channels.sms.provider import MalformedWebhook, normalise_number, scheme_of
from bot.loops import poll_forever
from bot.runtime import Runtime
from bot.storage.models import Message
from tests.conftest import Person


def test_every_adapter_is_listed_once_and_renders_as_the_engine_does() -> None:
    adapters: list[ChannelAdapter] = registry.all_adapters()
    names = [adapter.name for adapter in adapters]
    assert len(names) == len(set(names))
    for adapter in adapters:
        assert registry.RENDERERS[adapter.name] is adapter.render
        for attribute in ("routes", "start", "send", "classify", "background", "stop"):
            assert callable(getattr(adapter, attribute)), (adapter.name, attribute)


def test_adapters_import_no_sdk_until_started() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bot.channels.registry, bot.engine.engine; "
        "print(any(m.split('.')[0] in ('telegram', 'twilio') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+593991234567", "+593991234567"),
        ("0991234567", "+593991234567"),
        ("whatsapp:+593991234567", "whatsapp:+593991234567"),
        ("WhatsApp:+593 99 123 4567", "whatsapp:+593991234567"),
    ],
)
def test_normalise_number_keeps_the_whatsapp_scheme(raw: str, expected: str) -> None:
    assert normalise_number(raw) == expected
    assert scheme_of(expected) == ("whatsapp" if raw.lower().startswith("whatsapp") else "sms")


@pytest.mark.parametrize("raw", ["tel:+593991234567", "whatsapp:hola", "messenger:+593991234567"])
def test_normalise_number_refuses_other_schemes(raw: str) -> None:
    with pytest.raises(MalformedWebhook):
        normalise_number(raw)


async def test_poll_forever_survives_a_failing_pass_and_wakes_at_once() -> None:
    calls: list[str] = []
    wake = asyncio.Event()

    async def step() -> int:
        calls.append("pass")
        if len(calls) == 1:
            raise RuntimeError("a bad row")
        return 0

    task = asyncio.create_task(poll_forever(step, name="t", interval=30.0, wake=wake))
    await asyncio.sleep(0.05)
    assert calls == ["pass"]  # failed, now waiting (30 s) instead of stopping
    wake.set()
    await asyncio.sleep(0.05)
    assert calls == ["pass", "pass"]  # the wake-up started a pass at once
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_poll_forever_stops_when_told() -> None:
    stop = False

    async def step() -> int:
        nonlocal stop
        stop = True
        return 1

    await asyncio.wait_for(
        poll_forever(step, name="t", interval=30.0, stopping=lambda: stop), timeout=2
    )


class Flaky:
    """A sender that raises something unexpected (not a SendError) for one address."""

    def __init__(self, bad: str) -> None:
        self.bad = bad
        self.sent: list[str] = []

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str:
        if address == self.bad:
            raise KeyError("a bug in a renderer's payload")
        self.sent.append(address)
        return f"p-{message_id}"


async def test_one_unexpected_send_error_never_delays_the_others(sqlite_runtime: Runtime) -> None:
    for user in ("bad", "ana", "ben", "eva"):
        result = await Person(sqlite_runtime, "telegram", user).says("hola")
        assert result.outbound_ids
    async with sqlite_runtime.db.sessions.begin() as session:
        for message in await session.scalars(select(Message).where(Message.direction == "out")):
            message.status, message.next_attempt_at = "queued", message.created_at
    sender = Flaky("bad")
    outbox = Outbox(sqlite_runtime.db, sqlite_runtime.protector, {"telegram": sender})
    assert await outbox.run_once() == 4  # one pass: the bad reply first, then the others
    assert {"ana", "ben", "eva"} <= set(sender.sent)
    async with sqlite_runtime.db.sessions() as session:
        rows = list(await session.scalars(select(Message).where(Message.direction == "out")))
    bad = [m for m in rows if m.status != "sent"]
    assert bad and all(m.attempts == 1 and m.status == "queued" for m in bad)
    assert all(m.last_error == "unexpected_KeyError" for m in bad)


async def test_failures_are_counted_and_bounded(sqlite_runtime: Runtime) -> None:
    await Person(sqlite_runtime, "telegram", "bad").says("hola")
    sender = Flaky("bad")
    outbox = Outbox(sqlite_runtime.db, sqlite_runtime.protector, {"telegram": sender})
    for _ in range(MAX_ATTEMPTS + 2):
        async with sqlite_runtime.db.sessions.begin() as session:
            for message in await session.scalars(
                select(Message).where(Message.direction == "out", Message.status == "queued")
            ):
                message.next_attempt_at = message.created_at  # skip the back-off
            for message in await session.scalars(
                select(Message).where(Message.direction == "out", Message.status == "sent")
            ):
                message.status, message.next_attempt_at = "queued", message.created_at
        await outbox.run_once()
    async with sqlite_runtime.db.sessions() as session:
        rows = list(await session.scalars(select(Message).where(Message.direction == "out")))
    assert rows and all(m.status == "failed" and m.attempts == MAX_ATTEMPTS for m in rows)


def test_a_held_send_error_is_not_retried_on_a_clock() -> None:
    error = SendError("window_closed", retryable=False, held=True)
    assert error.held and not error.retryable
