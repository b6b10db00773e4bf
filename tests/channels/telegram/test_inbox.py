"""Telegram on the shared inbound queue: exactly once across processes, one chat at a time, in
update_id order."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.channels.inbound import InboundWorker
from bot.runtime import Runtime
from bot.storage.inbound import MAX_ATTEMPTS, InboundQueue
from tests.channels.telegram.conftest import fixture_json


def update(update_id: int, chat: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1767225600,
            "chat": {"id": chat, "type": "private"},
            "text": f"m{update_id}",
        },
    }


async def store(inbox: InboundQueue, update_id: int, chat: int) -> bool:
    return await inbox.store(
        channel="telegram",
        external_id=str(update_id),
        sender=str(chat),
        data=update(update_id, chat),
        sequence=update_id,
    )


def Inbox(db, protector, **kwargs) -> InboundQueue:  # type: ignore[no-untyped-def]  # noqa: N802
    return InboundQueue(db, protector, **kwargs)


def Worker(inbox: InboundQueue, handler) -> InboundWorker:  # type: ignore[no-untyped-def]  # noqa: N802
    return InboundWorker(inbox, {"telegram": handler})


def uid(item) -> int:  # type: ignore[no-untyped-def]
    return int(item.external_id)


async def test_a_repeated_update_id_is_stored_once_even_from_two_processes(
    runtime: Runtime,
) -> None:
    first, second = Inbox(runtime.db, runtime.protector), Inbox(runtime.db, runtime.protector)
    results = await asyncio.gather(*(store(inbox, 7, 1) for inbox in (first, second)))
    assert sorted(results) == [False, True]
    assert await first.pending_count() == 1


async def test_one_chat_goes_in_update_id_order_others_in_parallel(runtime: Runtime) -> None:
    inbox = Inbox(runtime.db, runtime.protector)
    for update_id, chat in [(12, 1), (10, 1), (11, 1), (20, 2)]:  # chat 1 arrived out of order
        assert await store(inbox, update_id, chat)
    claimed = await inbox.claim(limit=10, busy=set())
    assert sorted(uid(c) for c in claimed) == [10, 20]
    assert await inbox.claim(limit=10, busy=set()) == [], "leased chats wait"
    head = next(c for c in claimed if uid(c) == 10)
    await inbox.finish(head)
    assert [uid(c) for c in await inbox.claim(limit=10, busy=set())] == [11]


async def test_two_workers_never_run_the_same_chat_at_once(runtime: Runtime) -> None:
    running: dict[str, int] = {}
    seen: list[tuple[str, int]] = []

    async def handler(item) -> None:  # type: ignore[no-untyped-def]
        running[item.key] = running.get(item.key, 0) + 1
        assert running[item.key] == 1, "two updates of one chat at once"
        await asyncio.sleep(0.01)
        seen.append((item.key, uid(item)))
        running[item.key] -= 1

    inboxes = [Inbox(runtime.db, runtime.protector) for _ in range(2)]
    for n in range(30):
        await store(inboxes[0], 100 + n, n % 3)
    workers = [Worker(inbox, handler) for inbox in inboxes]
    await asyncio.gather(*(w.drain(within=30) for w in workers))
    assert len(seen) == 30 and len(set(seen)) == 30, "each update exactly once"
    for key in {k for k, _ in seen}:
        ids = [u for k, u in seen if k == key]
        assert ids == sorted(ids)


async def test_a_failing_update_is_retried_then_given_up_without_blocking_its_chat(
    runtime: Runtime,
) -> None:
    from datetime import timedelta

    inbox = Inbox(runtime.db, runtime.protector, lease=timedelta(seconds=5))
    await store(inbox, 1, 1)
    await store(inbox, 2, 1)
    item = (await inbox.claim(limit=1, busy=set()))[0]
    assert not await inbox.retry_later(item)
    for _ in range(10):
        item = (await inbox.claim(limit=1, busy=set(), now=_later(60)))[0]
        if uid(item) != 1 or await inbox.retry_later(item):
            break
    assert uid(item) == 1 and item.attempts == MAX_ATTEMPTS
    nxt = await inbox.claim(limit=1, busy=set(), now=_later(120))
    assert [uid(c) for c in nxt] == [2]


def _later(seconds: int):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from bot.storage.models import utcnow

    return utcnow() + timedelta(seconds=seconds)


async def test_a_malformed_stored_row_never_blocks_the_other_chats(start_app) -> None:
    """Finding (#17): an update stored as update_id 'False' stopped every chat, even after a
    restart. The webhook refuses it with 400; a row that cannot be read (here: not sealed with
    this deployment's key) is given up and wiped, and the rest runs."""
    from bot.storage.models import InboundEvent

    async with start_app(run_workers=False) as running:
        bad = fixture_json("text.json") | {"update_id": False}
        assert (await running.post_update(bad)).status_code == 400
        async with running.runtime.db.sessions.begin() as session:
            session.add(
                InboundEvent(
                    channel="telegram",
                    external_id="False",
                    order_key=None,
                    payload={"sealed": "deadbeef:not-a-token"},
                )
            )
        good = fixture_json("text.json")
        assert (await running.post_update(good)).status_code == 200
        await running.app.state.inbound.drain()
        async with running.runtime.db.sessions() as session:
            rows = {e.external_id: e for e in await session.scalars(select(InboundEvent))}
        assert rows["False"].status == "failed" and rows["False"].payload == {}
        assert rows[str(good["update_id"])].status == "done"
