"""Storage on SQLite and PostgreSQL: nothing lost, nothing doubled, identifiers protected."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from bot.channels.outbox import Outbox, SendError
from bot.messages import InboundMessage
from bot.storage.migrate import heads
from bot.storage.models import Contact, Message, utcnow
from tests.clock import ManualClock
from tests.conftest import Person


class RecordingSender:
    """A Sender that records deliveries and can fail on demand."""

    channel = "telegram"

    def __init__(self, failures: list[SendError] | None = None):
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.failures = failures or []

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((address, payload))
        return f"provider-{message_id}"


def test_migrations_have_a_single_head() -> None:
    assert len(heads()) == 1


async def test_inbound_is_stored_once_per_external_id(runtime) -> None:
    inbound = InboundMessage(channel="telegram", user="555", text="hola", external_id="u-1")
    first = await runtime.engine.handle(inbound)
    again = await runtime.engine.handle(
        InboundMessage(channel="telegram", user="555", text="hola", external_id="u-1")
    )
    assert not first.duplicate and first.rendered
    assert again.duplicate and again.rendered == []
    async with runtime.db.sessions() as session:
        rows = (await session.scalars(select(Message).where(Message.direction == "in"))).all()
    assert len(rows) == 1 and rows[0].status == "processed"


async def test_addresses_are_encrypted_and_found_by_keyed_hash(runtime) -> None:
    await Person(runtime, "sms", "+593991234567").says("hola")
    async with runtime.db.sessions() as session:
        contact = await session.scalar(select(Contact))
    assert contact is not None
    assert "593991234567" not in (contact.address_enc or "")
    assert "593991234567" not in contact.address_hash
    assert runtime.protector.decrypt(contact.address_enc) == "+593991234567"
    again = await Person(runtime, "sms", "+593991234567").says("menu")
    assert again.conversation_id is not None


async def test_outbox_sends_in_order_once_and_retries_retryable_errors(runtime) -> None:
    sender = RecordingSender([SendError("flood", retryable=True, retry_after=0)])
    person = Person(runtime, "telegram", "777")
    person_result = await runtime.engine.handle(
        InboundMessage(channel="telegram", user="777", text="hola", external_id="a")
    )
    await runtime.engine.handle(
        InboundMessage(channel="telegram", user="777", text="AYUDA", external_id="b")
    )
    clock = ManualClock()  # from now: both replies are due
    outbox = Outbox(runtime.db, runtime.protector, {"telegram": sender}, clock=clock)
    assert person_result.outbound_ids
    for _ in range(6):
        await outbox.run_once()
        clock.advance(0.6)  # past the retry's backoff (retry_after=0: half a second)
        async with runtime.db.sessions() as session:
            pending = (
                await session.scalars(
                    select(Message).where(Message.direction == "out", Message.status != "sent")
                )
            ).all()
        if not pending:
            break
    assert not pending
    texts = [payload["text"] for _, payload in sender.sent]
    assert len(texts) == 2 and "Rumbo" in texts[0] and "MENU" in texts[1]
    assert {address for address, _ in sender.sent} == {"777"}
    del person


async def test_outbox_marks_blocked_contacts_unreachable(runtime) -> None:
    sender = RecordingSender([SendError("blocked", retryable=False, unreachable=True)])
    outbox = Outbox(runtime.db, runtime.protector, {"telegram": sender})
    await runtime.engine.handle(
        InboundMessage(channel="telegram", user="888", text="hola", external_id="c")
    )
    await outbox.run_once()
    async with runtime.db.sessions() as session:
        contact = await session.scalar(select(Contact))
        message = await session.scalar(select(Message).where(Message.direction == "out"))
    assert contact.unreachable is True
    assert message.status == "failed" and message.last_error == "blocked"


async def test_concurrent_turns_of_one_person_do_not_lose_messages(runtime) -> None:
    async def send(index: int) -> None:
        await runtime.engine.handle(
            InboundMessage(
                channel="telegram", user="999", text=f"hola {index}", external_id=f"x{index}"
            )
        )

    await asyncio.gather(*(send(i) for i in range(8)))
    async with runtime.db.sessions() as session:
        inbound = (await session.scalars(select(Message).where(Message.direction == "in"))).all()
        contacts = (await session.scalars(select(Contact))).all()
    assert len(inbound) == 8 and len(contacts) == 1
    assert all(m.status == "processed" for m in inbound)


async def test_outbox_does_not_knock_again_on_an_unreachable_contact(runtime) -> None:
    sender = RecordingSender()
    outbox = Outbox(runtime.db, runtime.protector, {"telegram": sender})
    await runtime.engine.handle(
        InboundMessage(channel="telegram", user="889", text="hola", external_id="d")
    )
    async with runtime.db.sessions.begin() as session:
        contact = await session.scalar(select(Contact))
        contact.unreachable = True
    await outbox.run_once()
    async with runtime.db.sessions() as session:
        message = await session.scalar(select(Message).where(Message.direction == "out"))
    assert sender.sent == [] and message.status == "failed"


class GatedSender(RecordingSender):
    """Holds each send until `gate` opens, so a test can stop the outbox mid-send."""

    def __init__(self) -> None:
        super().__init__()
        self.in_flight = asyncio.Event()
        self.gate = asyncio.Event()

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str:
        self.in_flight.set()
        await self.gate.wait()
        return await super().send(address, payload, message_id=message_id)


async def test_a_graceful_stop_finishes_the_send_in_flight_and_releases_the_rest(runtime) -> None:
    sender = GatedSender()
    outbox = Outbox(runtime.db, runtime.protector, {"telegram": sender})
    for user in ("901", "902"):
        await runtime.engine.handle(
            InboundMessage(channel="telegram", user=user, text="hola", external_id=f"g-{user}")
        )
    task = asyncio.create_task(outbox.run_forever(0.05))
    await asyncio.wait_for(sender.in_flight.wait(), 5)

    stopping = asyncio.create_task(outbox.stop(task, grace=5))
    await asyncio.sleep(0.2)
    assert not task.done(), "the loop waits for the reply being sent"
    sender.gate.set()
    await stopping

    assert task.done() and len(sender.sent) == 1
    async with runtime.db.sessions() as session:
        rows = (
            await session.scalars(
                select(Message).where(Message.direction == "out").order_by(Message.id)
            )
        ).all()
    assert [row.status for row in rows] == ["sent", "queued"]
    assert rows[0].provider_id is not None
    # Released, not left to its lease: another process may send it right away.
    assert rows[1].next_attempt_at is not None
    assert rows[1].next_attempt_at.replace(tzinfo=None) <= utcnow().replace(tzinfo=None)
