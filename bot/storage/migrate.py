"""Apply Alembic migrations programmatically (`rumbo db upgrade`)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def heads(url: str = "sqlite+aiosqlite://") -> list[str]:
    """The head revisions (a healthy history has exactly one)."""
    return list(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database to `revision` (from a thread when an event loop is running)."""
    config = alembic_config(url)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        command.upgrade(config, revision)
        return
    raise RuntimeError("call upgrade_async() from async code")


async def upgrade_async(url: str, revision: str = "head") -> None:
    """Bring the database to `revision` from async code."""
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)
