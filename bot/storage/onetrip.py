"""SQLite through aiosqlite with one trip to its thread per statement (#19).

aiosqlite runs every call on its connection's own thread, and SQLAlchemy's adapter makes four
calls per statement: open a cursor, execute, fetch the rows, close the cursor. Each is a round
trip between the event loop and that thread (a queue put, a thread wake-up, a wake-up of the
loop), and on a busy 2-core machine those trips, not SQLite, were most of a turn. The cursor
below executes, fetches every row and closes the SQLite cursor in one call on the thread, then
answers the adapter's fetches from memory. Commits and rollbacks are one trip each, as before.

It relies on what SQLAlchemy's own aiosqlite adapter relies on: `Connection._execute` (queue a
function on the connection's thread) and `Connection._conn`. Without them (another aiosqlite),
`connector` is None and the database uses aiosqlite's plain cursors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Generator, Sequence
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy import URL, make_url
from sqlalchemy.dialects.sqlite.aiosqlite import dialect as aiosqlite_dialect

Result = tuple[Any, list[Any], int, int | None]


def _run(connection: aiosqlite.Connection, sql: str, parameters: Any, many: bool) -> Result:
    """On the connection's thread: execute, fetch everything, close the cursor."""
    cursor = connection._conn.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor:
    """The part of `aiosqlite.Cursor` SQLAlchemy uses, with the rows fetched at execute."""

    __slots__ = ("_connection", "_rows", "arraysize", "description", "lastrowid", "rowcount")

    def __init__(self, connection: aiosqlite.Connection):
        self._connection = connection
        self._rows: list[Any] = []
        self.arraysize = 1
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    def __await__(self) -> Generator[Any, None, OneTripCursor]:
        return self._itself().__await__()

    async def _itself(self) -> OneTripCursor:
        return self

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._rows = []

    async def _execute(self, sql: str, parameters: Any, many: bool) -> OneTripCursor:
        queue: Any = self._connection._execute  # typed loosely by aiosqlite
        found = await queue(_run, self._connection, sql, parameters, many)
        self.description, self._rows, self.rowcount, self.lastrowid = found
        return self

    async def execute(self, sql: str, parameters: Any = None) -> OneTripCursor:
        return await self._execute(sql, () if parameters is None else parameters, False)

    async def executemany(self, sql: str, parameters: Any) -> OneTripCursor:
        return await self._execute(sql, parameters, True)

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        size = self.arraysize if size is None else size
        taken, self._rows = self._rows[:size], self._rows[size:]
        return taken

    async def fetchall(self) -> Sequence[Any]:
        taken, self._rows = self._rows, []
        return taken

    async def setinputsizes(self, *_: Any) -> None:
        return None

    async def nextset(self) -> None:
        return None

    async def close(self) -> None:
        self._rows = []


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors take one trip to its thread per statement."""

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)


def _supported() -> bool:
    return callable(getattr(aiosqlite.Connection, "_execute", None)) and isinstance(
        getattr(aiosqlite.Connection, "_conn", None), property
    )


def connector(
    url: str | URL, **connect_args: Any
) -> Callable[[], Awaitable[aiosqlite.Connection]] | None:
    """An `async_creator` for `create_async_engine` that opens one-trip connections to the
    SQLite database of `url` (with the arguments SQLAlchemy would use, plus `connect_args`);
    None when this aiosqlite lacks what it needs."""
    if not _supported():
        return None
    args, options = aiosqlite_dialect().create_connect_args(make_url(url))
    options = {**options, **connect_args}

    async def connect() -> aiosqlite.Connection:
        connection = OneTripConnection(partial(sqlite3.connect, *args, **options), 64)
        # aiosqlite before 0.22 was itself a thread; since then it holds one.
        thread: Any = getattr(connection, "_thread", connection)
        thread.daemon = True
        return await connection

    return connect
