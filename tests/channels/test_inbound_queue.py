"""The one inbound queue of every channel (issue 17): sealed while pending, wiped once done or
given up, covered by erasure (BORRAR) and retention, exactly once per channel, and one bad row
never holds the others back. The SMS handler here is the real one (bot.channels.sms.inbox)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.channels.inbound import InboundWorker
from bot.channels.sms import inbox as sms_inbox
from bot.channels.sms.provider import InboundSms
from bot.runtime import Runtime
from bot.storage.inbound import MAX_ATTEMPTS, InboundQueue, QueuedEvent, sender_key
from bot.storage.models import DailyCount, InboundEvent, Message, utcnow
from bot.storage.retention import run_retention

PHONE = "+593987650011"
OTHER = "+593987650012"


def sms(sid: str, body: str, sender: str = PHONE) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(InboundSms(external_id=sid, sender=sender, text=body))


async def put(queue: InboundQueue, sid: str, body: str, sender: str = PHONE) -> bool:
    return await queue.store(
        channel="sms", external_id=sid, sender=sender, data=sms(sid, body, sender)
    )


def sms_worker(runtime: Runtime, queue: InboundQueue) -> InboundWorker:
    async def handle(event: QueuedEvent) -> None:
        await sms_inbox.process(runtime, event)

    return InboundWorker(queue, {"sms": handle})


async def rows(runtime: Runtime) -> list[InboundEvent]:
    async with runtime.db.sessions() as session:
        return list(await session.scalars(select(InboundEvent).order_by(InboundEvent.id)))


async def raw_queue(runtime: Runtime) -> str:
    """The queue's table as the database holds it (no decryption)."""
    async with runtime.db.engine.connect() as conn:
        found = (await conn.execute(text("SELECT * FROM inbound_events"))).all()
    return "\n".join(repr(tuple(row)) for row in found)


async def test_pending_events_are_sealed_and_done_ones_keep_only_ids(runtime: Runtime) -> None:
    queue = InboundQueue(runtime.db, runtime.protector)
    assert await put(queue, "SM1", "mi pasaporte numero 4471")
    stored = await raw_queue(runtime)
    for needle in (PHONE, PHONE[1:], "pasaporte", "4471"):
        assert needle not in stored, f"{needle!r} readable in clear in the queue"
    await sms_worker(runtime, queue).drain()
    (event,) = await rows(runtime)
    assert (event.status, event.external_id, event.attempts) == ("done", "SM1", 1)
    assert event.payload == {} and event.order_key is None


@pytest.mark.parametrize("channel", ["sms", "whatsapp", "telegram"])
async def test_a_repeated_delivery_is_processed_once_on_each_channel(
    runtime: Runtime, channel: str
) -> None:
    queue = InboundQueue(runtime.db, runtime.protector)
    handled: list[str] = []

    async def handle(event: QueuedEvent) -> None:
        handled.append(event.external_id)

    first = await queue.store(channel=channel, external_id="42", sender="7", data={"n": 1})
    again = await queue.store(channel=channel, external_id="42", sender="7", data={"n": 2})
    elsewhere = await queue.store(channel="web", external_id="42", sender="7", data={"n": 3})
    assert (first, again, elsewhere) == (True, False, True), "unique per channel"
    await InboundWorker(queue, {channel: handle}).drain()
    assert handled == ["42"]
    worker = InboundWorker(queue, {channel: handle})
    assert await worker.run_pass() == 0, "nothing left to process"


async def test_one_bad_row_never_blocks_the_others(runtime: Runtime) -> None:
    """A handler that always fails for one sender, and a row nobody can open: every other
    sender's message is still processed in the same drain."""
    queue = InboundQueue(runtime.db, runtime.protector)
    async with runtime.db.sessions.begin() as session:
        session.add(InboundEvent(channel="sms", external_id="SMbad", payload={"sealed": "x:y"}))
    await queue.store(channel="sms", external_id="SMpoison", sender="poison", data={})
    for n in range(3):
        await queue.store(channel="sms", external_id=f"SM{n}", sender=f"p{n}", data={})
    handled: list[str] = []

    async def handle(event: QueuedEvent) -> None:
        if event.external_id == "SMpoison":
            raise RuntimeError("boom")
        handled.append(event.external_id)

    worker = InboundWorker(queue, {"sms": handle})
    await worker.run_pass()
    assert sorted(handled) == ["SM0", "SM1", "SM2"]
    by_id = {e.external_id: e for e in await rows(runtime)}
    assert by_id["SMbad"].status == "failed" and by_id["SMbad"].payload == {}
    assert by_id["SMpoison"].status == "pending" and by_id["SMpoison"].attempts == 1


async def test_a_given_up_event_keeps_no_payload_and_is_counted(runtime: Runtime) -> None:
    queue = InboundQueue(runtime.db, runtime.protector)
    assert await put(queue, "SM9", "me robaron los documentos")

    async def handle(event: QueuedEvent) -> None:
        raise RuntimeError("engine down")

    worker = InboundWorker(queue, {"sms": handle})
    now = utcnow()
    for _ in range(MAX_ATTEMPTS):
        now += timedelta(minutes=5)
        (item,) = await queue.claim(limit=1, busy=set(), now=now)
        await worker._process(item)
    (event,) = await rows(runtime)
    assert (event.status, event.attempts) == ("failed", MAX_ATTEMPTS)
    assert event.payload == {} and event.order_key is None
    async with runtime.db.sessions() as session:
        given_up = await session.scalar(
            select(DailyCount.count).where(DailyCount.metric == "inbound_given_up")
        )
    assert given_up == 1
    assert await queue.claim(limit=1, busy=set(), now=now + timedelta(hours=1)) == []


async def test_borrar_removes_the_persons_events_from_the_queue(runtime: Runtime) -> None:
    """The person's processed and failed events (here also rows left by the old queues, which
    kept the sender hash and the payload) leave the queue; another person's stay; a message sent
    after the confirmation is still answered (it may be a danger message)."""
    queue = InboundQueue(runtime.db, runtime.protector)
    mine = sender_key(runtime.protector, "sms", PHONE)
    async with runtime.db.sessions.begin() as session:
        for sid, status in (("SMold1", "failed"), ("SMold2", "done")):
            session.add(
                InboundEvent(
                    channel="sms",
                    external_id=sid,
                    order_key=mine,
                    payload={"sealed": runtime.protector.encrypt("{}")},
                    status=status,
                )
            )
    await put(queue, "SMother", "hola", sender=OTHER)
    worker = sms_worker(runtime, queue)
    for sid, body in (("SM1", "hola"), ("SM2", "BORRAR"), ("SM3", "SI")):
        assert await put(queue, sid, body)
    await put(queue, "SM4", "hola otra vez")
    for _ in range(3):
        await worker.run_pass()
    left = {e.external_id: e for e in await rows(runtime)}
    assert "SMold1" not in left and "SMold2" not in left
    assert all(e.order_key != mine for e in left.values() if e.external_id != "SM4")
    assert all(e.payload == {} for e in left.values() if e.status != "pending")
    await worker.drain()
    left = {e.external_id: e for e in await rows(runtime)}
    assert left["SM4"].status == "done", "the message after SI is answered"
    assert all(e.order_key is None and e.payload == {} for e in left.values())
    async with runtime.db.sessions() as session:
        texts = list(await session.scalars(select(Message.text).where(Message.direction == "in")))
    assert "hola otra vez" in texts and "BORRAR" not in texts


async def test_retention_removes_old_events(runtime: Runtime) -> None:
    queue = InboundQueue(runtime.db, runtime.protector)
    for sid in ("SMdone", "SMfailed", "SMstale", "SMnew"):
        await put(queue, sid, "hola", sender=sid)
    now = utcnow()
    async with runtime.db.sessions.begin() as session:
        for event in await session.scalars(select(InboundEvent)):
            if event.external_id == "SMdone":
                event.status, event.received_at = "done", now - timedelta(days=3)
            elif event.external_id == "SMfailed":
                event.status, event.payload = "failed", {}
                event.received_at = now - timedelta(days=3)
            elif event.external_id == "SMstale":
                event.received_at = now - timedelta(days=200)
    report = await run_retention(runtime.db, retention_days=180, now=now)
    assert report.events_dropped == 3
    assert [e.external_id for e in await rows(runtime)] == ["SMnew"]
    async with runtime.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InboundEvent)) == 1
