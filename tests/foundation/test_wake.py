"""Wake-ups of the queue workers (bot/storage/wake.py): after a commit only, across threads, and on
PostgreSQL across connections through LISTEN/NOTIFY, with polling left when the listener is down.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import text

from bot.loops import poll_forever
from bot.storage import wake
from bot.storage.db import connect
from bot.storage.models import InboundEvent
from tests.conftest import PG_URL, need


def _event(external_id: str) -> InboundEvent:
    return InboundEvent(
        channel="test", external_id=external_id, order_key="k", payload={}, status="pending"
    )


async def test_a_commit_wakes_the_waiters_a_rollback_does_not(db_url: str) -> None:
    db = connect(db_url)
    try:
        first, second = wake.waiter("inbound"), wake.waiter("inbound")
        async with db.intake.begin() as session:
            session.add(_event("1"))
            await wake.notify(session, "inbound")
            await session.flush()
            assert not first.is_set(), "woken before the work was committed"
        assert first.is_set() and second.is_set()  # every worker of the queue, each its own

        first.clear()
        with pytest.raises(RuntimeError):
            async with db.intake.begin() as session:
                session.add(_event("2"))
                await wake.notify(session, "inbound")
                raise RuntimeError("rolled back")
        assert not first.is_set(), "woken for work that was rolled back"

        # another queue's workers are not woken
        other = wake.waiter("outbox")
        async with db.intake.begin() as session:
            session.add(_event("3"))
            await wake.notify(session, "inbound")
        assert not other.is_set()
    finally:
        await db.dispose()


async def test_a_worker_on_another_threads_loop_is_woken() -> None:
    woken = threading.Event()
    registered = threading.Event()

    async def worker() -> None:
        ready = wake.waiter("outbox")
        registered.set()
        async with asyncio.timeout(5):
            await ready.wait()
        woken.set()

    thread = threading.Thread(target=asyncio.run, args=(worker(),))
    thread.start()
    assert await asyncio.to_thread(registered.wait, 5)
    wake.kick("outbox")
    await asyncio.to_thread(thread.join, 5)
    assert woken.is_set()


def test_queue_names_are_checked() -> None:
    with pytest.raises(ValueError):
        wake.waiter("inbound; DROP TABLE x")
    assert wake.channel("inbound") == "rumbo_inbound"


@pytest.mark.postgres
async def test_postgres_notify_from_another_connection_wakes_the_listener() -> None:
    need(bool(PG_URL), "RUMBO_TEST_DATABASE_URL is not set (LISTEN/NOTIFY needs PostgreSQL)")
    assert PG_URL
    ready = wake.waiter("inbound")
    listener = wake.Listener(PG_URL, ["inbound"])
    task = asyncio.create_task(listener.run_forever())
    db = connect(PG_URL)
    try:
        async with asyncio.timeout(10):
            await listener.connected.wait()
        ready.clear()  # the (re)connect wakes once on purpose
        # As another process would: a bare NOTIFY, no local wake-up.
        async with db.engine.begin() as conn:
            await conn.execute(text("SELECT pg_notify('rumbo_inbound', '')"))
        async with asyncio.timeout(5):
            await ready.wait()
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await db.dispose()


async def test_a_listener_that_cannot_connect_leaves_polling_working() -> None:
    # Nothing listens on port 1 of the loopback: the connection is refused at once.
    listener = wake.Listener("postgresql+asyncpg://rumbo@127.0.0.1:1/none", ["inbound"])
    task = asyncio.create_task(listener.run_forever())
    passes = 0

    async def step() -> int:
        nonlocal passes
        passes += 1
        return 0

    loop = asyncio.create_task(
        poll_forever(step, name="test", interval=0.05, wake=wake.waiter("inbound"))
    )
    await asyncio.sleep(0.5)
    assert not task.done(), "the listener must keep trying, never raise"
    assert not listener.connected.is_set()
    assert passes >= 3, "the worker must go on polling"
    for running in (task, loop):
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running


@pytest.mark.postgres
async def test_an_idle_connection_that_died_is_replaced_before_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No ping while a connection is in steady use (three round trips each with asyncpg); after
    it sat idle, a ping finds it dead and the pool hands out a fresh one: nothing fails."""
    need(bool(PG_URL), "RUMBO_TEST_DATABASE_URL is not set (PostgreSQL tests)")
    assert PG_URL
    from bot.storage import db as db_module

    db = connect(PG_URL)
    other = connect(PG_URL)
    try:
        async with db.sessions() as session:
            first = await session.scalar(text("SELECT pg_backend_pid()"))
        async with db.sessions() as session:  # in use a moment ago: the same, unpinged
            assert await session.scalar(text("SELECT pg_backend_pid()")) == first
        async with other.sessions.begin() as session:
            await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 0.0)
        async with db.sessions() as session:
            second = await session.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        await db.dispose()
        await other.dispose()
