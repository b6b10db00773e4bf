"""A turn cut short by a crash is finished by the repeated delivery, and only once.

The engine commits an inbound message before its turn runs. If the process dies in between, the
provider repeats the delivery; that repeat must run the turn (not be dropped as a duplicate), and
any further repeat must be dropped.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.messages import InboundMessage
from bot.runtime import Runtime
from bot.storage.models import Message


def delivery() -> InboundMessage:
    return InboundMessage(channel="sms", user="+593990000042", text="menu", external_id="SM42")


async def statuses(runtime: Runtime) -> list[tuple[str, str]]:
    async with runtime.db.sessions() as session:
        rows = await session.execute(select(Message.direction, Message.status).order_by(Message.id))
        return [(direction, status) for direction, status in rows.all()]


async def test_repeat_finishes_a_turn_the_crashed_process_left(runtime: Runtime) -> None:
    # The first delivery got as far as storing the message, then the process died.
    stored = await runtime.engine._store_inbound(delivery())
    assert stored is not None
    assert await statuses(runtime) == [("in", "received")]

    repeat = await runtime.engine.handle(delivery())
    assert not repeat.duplicate
    assert repeat.rendered, "the repeat must produce the replies the first delivery never did"

    again = await runtime.engine.handle(delivery())
    assert again.duplicate and not again.rendered
    rows = await statuses(runtime)
    assert rows[0] == ("in", "processed")
    assert [r for r in rows if r[0] == "in"] == [("in", "processed")]
    assert len([r for r in rows if r[0] == "out"]) == len(repeat.rendered)


async def test_a_finished_turn_is_never_run_again(runtime: Runtime) -> None:
    first = await runtime.engine.handle(delivery())
    assert first.rendered
    second = await runtime.engine.handle(delivery())
    assert second.duplicate
    rows = await statuses(runtime)
    assert len([r for r in rows if r[0] == "out"]) == len(first.rendered)
