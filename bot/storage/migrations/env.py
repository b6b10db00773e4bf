"""Alembic environment: runs migrations on the async engine named by the settings."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from bot.storage.db import connect, is_sqlite
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite(connection),
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    database = connect(config.get_main_option("sqlalchemy.url") or "")
    async with database.engine.begin() as connection:
        await connection.run_sync(_run)
    await database.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_async())
