"""The turn's storage path (#19): one read, one write transaction, one trip per statement.

These check what the faster path must keep: the inbound message committed before its turn, a
message finished by one process only, replies stored in order, state created then updated, and
the SQLite cursor that fetches at execute giving what aiosqlite's own cursor gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import IntegrityError

from bot.messages import InboundMessage
from bot.runtime import Runtime
from bot.storage import onetrip
from bot.storage import repository as repo
from bot.storage.db import connect
from bot.storage.models import ConversationState, DailyCount, Message


def inbound(text: str, external_id: str, user: str = "+593990000077") -> InboundMessage:
    return InboundMessage(channel="sms", user=user, text=text, external_id=external_id)


async def test_a_turn_reads_once_and_writes_once(sqlite_runtime: Runtime) -> None:
    await sqlite_runtime.engine.handle(inbound("hola", "t-1"))  # first contact: created rows
    statements: list[str] = []
    commits: list[int] = []
    engine = sqlite_runtime.db.engine.sync_engine
    listener = lambda *args: statements.append(args[2].split()[0])  # noqa: E731
    counted = lambda *_: commits.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    event.listen(engine, "commit", counted)
    try:
        result = await sqlite_runtime.engine.handle(inbound("como saco la visa", "t-2"))
    finally:
        event.remove(engine, "before_cursor_execute", listener)
        event.remove(engine, "commit", counted)
    assert result.rendered and not result.duplicate
    # Two transactions: the inbound message, then the turn. Reads: the address, the turn.
    assert len(commits) == 2
    assert statements.count("SELECT") == 2, statements
    assert len(statements) <= 10, statements


async def test_a_message_claimed_elsewhere_is_not_run_twice(sqlite_runtime: Runtime) -> None:
    stored = await sqlite_runtime.engine._store_inbound(inbound("menu", "t-3"))
    assert stored is not None
    conversation_id, message_id, created = stored
    # Another process finishes the message between this turn's read and its writes.
    async with sqlite_runtime.db.sessions.begin() as session:
        assert await repo.claim_inbound(session, message_id, "menu")
    result = await sqlite_runtime.engine._run_turn(
        inbound("menu", "t-3"), conversation_id, message_id, None, created, inline=False
    )
    assert result.duplicate and not result.rendered
    async with sqlite_runtime.db.sessions() as session:
        out = await session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "out")
        )
        assert out == 0
        counted = await session.scalar(select(func.count()).select_from(DailyCount))
        assert counted == 0, "the rolled-back turn must leave no counter"


async def test_replies_state_and_ids_are_stored_in_order(sqlite_runtime: Runtime) -> None:
    first = await sqlite_runtime.engine.handle(inbound("hola", "t-4"))
    second = await sqlite_runtime.engine.handle(inbound("como saco la visa", "t-5"))
    third = await sqlite_runtime.engine.handle(inbound("mi esposo me pega", "t-6"))
    assert len(third.rendered) >= 2, "a danger message on SMS: several replies in one insert"
    async with sqlite_runtime.db.sessions() as session:
        rows = list(
            await session.scalars(
                select(Message).where(Message.direction == "out").order_by(Message.id)
            )
        )
        states = list(await session.scalars(select(ConversationState)))
    results = [first, second, third]
    assert [r.id for r in rows] == [i for result in results for i in result.outbound_ids]
    assert [r.text for r in rows] == [m.text for result in results for m in result.rendered]
    assert all(r.status == "queued" and r.next_attempt_at is not None for r in rows)
    assert all(r.attempts == 0 and r.redacted is False for r in rows)
    assert len(states) == 1 and states[0].data.get("lang") == "es"


async def test_the_one_trip_cursor_answers_like_aiosqlite(tmp_path: Path) -> None:
    assert onetrip.connector("sqlite+aiosqlite:///x.db") is not None, "aiosqlite changed"
    db = connect(f"sqlite+aiosqlite:///{tmp_path / 'trip.db'}")
    try:
        async with db.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
            inserted = await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
            assert inserted.rowcount == 1 and inserted.lastrowid == 1
            await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}])
            changed = await conn.execute(text("UPDATE t SET v = v || '!' WHERE id > 1"))
            assert changed.rowcount == 2
            rows = await conn.execute(text("SELECT id, v FROM t ORDER BY id"))
            assert list(rows.keys()) == ["id", "v"]
            assert [tuple(r) for r in rows] == [(1, "a"), (2, "b!"), (3, "c!")]
            empty = await conn.execute(text("SELECT v FROM t WHERE id > 9"))
            assert empty.first() is None
            mode = await conn.exec_driver_sql("PRAGMA journal_mode")
            assert mode.scalar() == "wal"
        with pytest.raises(IntegrityError):
            async with db.engine.begin() as conn:
                await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        async with db.engine.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 3
    finally:
        await db.dispose()
