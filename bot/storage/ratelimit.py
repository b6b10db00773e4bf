"""Fixed-window rate limits kept in the database, so every app process shares one count.

A hit is one atomic upsert (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, on SQLite and
PostgreSQL alike): two processes counting the same key at once both see the true total.
Expired windows are swept now and then by whoever is counting.
"""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.db import is_sqlite
from bot.storage.models import RateLimit, utcnow

SWEEP_EVERY = 200  # hits per process between sweeps of expired windows
_hits = itertools.count(1)


async def hit(
    session: AsyncSession, key: str, *, window_seconds: int, now: datetime | None = None
) -> int:
    """Count one hit on `key` in the current window; the window's total so far."""
    stamp = int((now or utcnow()).timestamp())
    window = stamp // window_seconds
    on_sqlite = session.bind is None or is_sqlite(session.bind)
    insert = sqlite.insert if on_sqlite else postgresql.insert
    values = insert(RateLimit).values(
        key=key, window=window, hits=1, expires=(window + 1) * window_seconds
    )
    statement = values.on_conflict_do_update(
        index_elements=[RateLimit.key, RateLimit.window],
        set_={"hits": RateLimit.hits + 1},
    ).returning(RateLimit.hits)
    total = int((await session.execute(statement)).scalar_one())
    if next(_hits) % SWEEP_EVERY == 0:
        await session.execute(delete(RateLimit).where(RateLimit.expires < stamp))
    return total
