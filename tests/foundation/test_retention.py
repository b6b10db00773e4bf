"""Retention and erasure: old messages are redacted; BORRAR leaves nothing that identifies."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path
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


NOTE_TEXT = "vive con su tia en la calle Quillacinga 17, tiene miedo del arrendador"


async def test_retention_redacts_caseworker_notes_too(runtime) -> None:
    from bot.handoff import tickets
    from bot.storage.models import Caseworker, Ticket, TicketEvent

    await say(runtime, "quiero hablar con una persona", "SM30")
    async with runtime.db.sessions.begin() as session:
        worker = Caseworker(
            email="ana@example.org", name="Ana", role="supervisor", password_hash="x"
        )
        session.add(worker)
        await session.flush()
        ticket_id = await session.scalar(select(Ticket.id))
        await tickets.add_note(session, ticket_id, worker, NOTE_TEXT)
        await session.execute(update(Message).values(status="sent"))
    await run_retention(runtime.db, retention_days=30, now=utcnow() + timedelta(days=31))
    async with runtime.db.sessions() as session:
        notes = (await session.scalars(select(TicketEvent).where(TicketEvent.kind == "note"))).all()
    assert notes, "the note itself stays (who wrote one, and when)"
    assert all(note.detail is None for note in notes)
    assert "Quillacinga" not in await dump_everything(runtime)


def sqlite_files(runtime) -> list[Path]:
    path = Path(runtime.db.engine.url.database)
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def set_mode(path: Path, mode: int) -> None:
    path.chmod(mode)


async def test_sqlite_files_are_readable_by_their_owner_only(sqlite_runtime) -> None:
    await say(sqlite_runtime, SECRET_TEXT, "SM40")
    files = sqlite_files(sqlite_runtime)
    assert len(files) == 3, files  # the database, its -wal and -shm
    for path in files:
        assert mode_of(path) & 0o077 == 0, f"{path.name} is {oct(mode_of(path))}"


async def test_an_existing_world_readable_database_is_tightened(sqlite_runtime) -> None:
    from bot.storage.db import connect

    path = Path(sqlite_runtime.db.engine.url.database)
    await say(sqlite_runtime, SECRET_TEXT, "SM41")
    set_mode(path, 0o644)
    again = connect(str(sqlite_runtime.db.engine.url))
    async with again.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    await again.dispose()
    assert mode_of(path) == 0o600


async def test_erased_text_is_not_left_in_the_raw_sqlite_files(sqlite_runtime) -> None:
    outbox = Outbox(sqlite_runtime.db, sqlite_runtime.protector, {"sms": Recorder()})
    for number in range(12):  # twelve copies, like the probe found in the -wal
        await say(sqlite_runtime, f"{SECRET_TEXT} {number}", f"SM5{number}")
    await say(sqlite_runtime, "BORRAR", "SM70")
    done = await say(sqlite_runtime, "SI", "SM71")
    assert done.erasure
    while await outbox.run_once():
        pass
    raw = b"".join(path.read_bytes() for path in sqlite_files(sqlite_runtime))
    assert raw, "no SQLite files found"
    for needle in ("pasaporte rojo", "pasaporte%20rojo"):
        assert needle.encode() not in raw, f"{needle!r} is still in the raw SQLite files"


async def test_secure_delete_is_on(sqlite_runtime) -> None:
    async with sqlite_runtime.db.engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA secure_delete"))).scalar() == 1
