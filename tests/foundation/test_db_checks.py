"""One way to tell SQLite apart (bot.storage.db.is_sqlite), from a URL, an engine, a connection or
a session (`locks_rows`)."""

from __future__ import annotations

from pathlib import Path

from bot.storage.db import connect, is_sqlite, locks_rows


async def test_sqlite_is_told_apart_from_a_url_an_engine_a_connection_and_a_session(
    tmp_path: Path,
) -> None:
    assert is_sqlite("sqlite+aiosqlite:///var/rumbo.db") and is_sqlite("sqlite+aiosqlite://")
    assert not is_sqlite("postgresql+asyncpg://rumbo@db.internal/rumbo")
    db = connect(f"sqlite+aiosqlite:///{tmp_path / 'check.db'}")
    try:
        assert db.is_sqlite and is_sqlite(db.engine) and is_sqlite(db.engine.sync_engine)
        async with db.engine.connect() as connection:
            assert is_sqlite(connection)
        async with db.sessions() as session:
            assert not locks_rows(session), "SQLite serialises writers: no FOR UPDATE"
    finally:
        await db.dispose()
