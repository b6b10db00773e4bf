"""Retention and erasure: old messages are redacted; BORRAR leaves nothing that identifies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import inspect, select, text, update

from bot.channels.outbox import Outbox
from bot.messages import InboundMessage
from bot.storage.models import Message, utcnow
from bot.storage.retention import run_retention

PHONE = "+593987650001"
SECRET_TEXT = "mi jefe se quedo con mi pasaporte rojo numero 4471"


class Recorder:
    channel = "sms"

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str:
        self.sent.append(payload)
        return f"SM{message_id:032d}"


async def say(runtime, body: str, sid: str):
    return await runtime.engine.handle(
        InboundMessage(channel="sms", user=PHONE, text=body, external_id=sid)
    )


async def dump_everything(runtime) -> str:
    """Every value of every table, as one string."""
    parts = []
    async with runtime.db.engine.connect() as conn:
        names = await conn.run_sync(lambda c: inspect(c).get_table_names())
        for name in names:
            rows = (await conn.execute(text(f'SELECT * FROM "{name}"'))).all()
            parts.extend(repr(tuple(row)) for row in rows)
    return "\n".join(parts)


async def test_borrar_leaves_nothing_that_identifies_the_person(runtime) -> None:
    outbox = Outbox(runtime.db, runtime.protector, {"sms": Recorder()})
    await say(runtime, SECRET_TEXT, "SM1")
    await say(runtime, "BORRAR", "SM2")
    done = await say(runtime, "SI", "SM3")
    assert done.erasure
    while await outbox.run_once():
        pass
    everything = await dump_everything(runtime)
    for needle in (PHONE, PHONE[1:], "987650001", "pasaporte rojo", "BORRAR"):
        assert needle not in everything
    encrypted = runtime.protector.encrypt(PHONE).split(":")[0]
    assert f"{encrypted}:" not in everything  # no ciphertext of the number is left either


async def test_erasure_finishes_within_a_minute_even_if_the_confirmation_fails(runtime) -> None:
    await say(runtime, SECRET_TEXT, "SM10")
    await say(runtime, "BORRAR", "SM11")
    await say(runtime, "SI", "SM12")
    report = await run_retention(
        runtime.db, retention_days=180, now=utcnow() + timedelta(seconds=61)
    )
    assert report.erased == 1
    assert "pasaporte rojo" not in await dump_everything(runtime)


async def test_old_messages_are_redacted_and_counts_kept(runtime) -> None:
    await say(runtime, SECRET_TEXT, "SM20")
    async with runtime.db.sessions.begin() as session:
        await session.execute(update(Message).values(status="sent"))
    report = await run_retention(runtime.db, retention_days=30, now=utcnow() + timedelta(days=31))
    assert report.redacted >= 2
    async with runtime.db.sessions() as session:
        texts = (await session.scalars(select(Message.text))).all()
    assert all(t is None for t in texts)
    assert "turn" in await dump_everything(runtime)
