"""Engine and session factory, built from the settings (no module-level engine)."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import URL, event, exc, make_url, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.storage import onetrip


class HasDialect(Protocol):
    """An engine or a connection, sync or async."""

    @property
    def dialect(self) -> Dialect: ...


def is_sqlite(where: str | URL | HasDialect) -> bool:
    """The one check for SQLite, from a database URL, an engine or a connection: it serialises
    writers (no row locks, WAL checkpoints after erasure); PostgreSQL needs row locks."""
    if isinstance(where, str | URL):
        return make_url(where).get_backend_name() == "sqlite"
    return where.dialect.name == "sqlite"


def locks_rows(session: AsyncSession) -> bool:
    """Whether a unit of work takes row locks (`SELECT ... FOR UPDATE`): on PostgreSQL; SQLite
    serialises writers instead."""
    return session.bind is not None and not is_sqlite(session.bind)


@dataclass(slots=True)
class Database:
    """An async engine with its session factory, and (PostgreSQL) a second small pool for intake."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    intake_engine: AsyncEngine | None = None
    # Sessions for storing a delivery on arrival, before the webhook answers. On PostgreSQL they
    # come from their own pool, so a webhook never queues for a connection that turns hold (a
    # turn keeps one while it waits on row locks and commits); on SQLite, which has one writer
    # anyway, they are `sessions`.
    intake: async_sessionmaker[AsyncSession] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.intake = (
            self.sessions
            if self.intake_engine is None
            else async_sessionmaker(self.intake_engine, expire_on_commit=False)
        )

    @property
    def is_sqlite(self) -> bool:
        """SQLite serialises writers; PostgreSQL needs row locks."""
        return is_sqlite(self.engine)

    async def ping(self) -> bool:
        """True when the database answers."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - readiness reports any failure as not ready
            return False

    async def settle_erasure(self) -> None:
        """After erasure or redaction on SQLite, fold the write-ahead log into the database and
        truncate it: erased texts must not wait in the -wal file for the next checkpoint
        (secure_delete has already zeroed them in the database's free pages)."""
        if not self.is_sqlite:
            return
        async with self.engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    async def dispose(self) -> None:
        """Close every connection."""
        await self.engine.dispose()
        if self.intake_engine is not None:
            await self.intake_engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # In WAL mode NORMAL syncs the log at checkpoints, not at every commit: a commit survives a
    # crash of the process (what a repeated delivery depends on); only a power cut or a kernel
    # crash may lose the last commits. FULL cost 2-8 ms of fsync per commit, two per turn (#19).
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten with zeros, so erased texts do not linger in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def owner_only(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) and tighten an existing one and
    its -wal and -shm (SQLite gives those the database file's permissions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            if name.stat().st_mode & 0o077:
                name.chmod(0o600)


# A pooled PostgreSQL connection idle this long is pinged before it is used again (#19).
# SQLAlchemy's pool_pre_ping pinged at every checkout: with asyncpg a ping is three round trips
# (BEGIN, ";", ROLLBACK), several times a turn (`benchmarks/load.py --backlog`). A connection in
# use a moment ago is alive; one that sat idle may have been dropped by a restart or a proxy.
# Should a busy one die anyway, its error invalidates the pool and the work is retried (the
# queues' leases, the providers' webhook retries).
IDLE_PING_SECONDS = 10.0


def ping_when_idle(engine: AsyncEngine) -> None:
    """Ping a pooled connection at checkout only when it sat idle over IDLE_PING_SECONDS; a
    dead one is replaced by a fresh connection (the pool retries on DisconnectionError)."""
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "checkin")
    def _checked_in(_dbapi: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _checked_out(dbapi: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since <= IDLE_PING_SECONDS:
            return
        try:
            dbapi.ping()
        except Exception as error:
            raise exc.DisconnectionError("idle connection is gone") from error


def connect(url: str) -> Database:
    """Create the engine for a SQLAlchemy async URL."""
    if is_sqlite(url):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            owner_only(Path(path))
        # One trip to aiosqlite's thread per statement instead of four (#19).
        creator = onetrip.connector(url, timeout=30)
        options: dict[str, Any] = (
            {"async_creator": creator} if creator else {"connect_args": {"timeout": 30}}
        )
        # A connection goes back to the pool without the pool's own rollback: SQLAlchemy has
        # already committed or rolled back its transaction (one trip less, twice a turn).
        # hide_parameters: an error never prints the message text or location it was storing.
        engine = create_async_engine(
            url, hide_parameters=True, pool_reset_on_return=None, **options
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        engine = create_async_engine(url, pool_size=10, max_overflow=10, hide_parameters=True)
        intake = create_async_engine(url, pool_size=4, max_overflow=6, hide_parameters=True)
        for pooled in (engine, intake):
            ping_when_idle(pooled)
        return Database(engine, async_sessionmaker(engine, expire_on_commit=False), intake)
    return Database(engine, async_sessionmaker(engine, expire_on_commit=False))
