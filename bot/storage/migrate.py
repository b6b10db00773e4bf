"""Apply Alembic migrations programmatically (`rumbo db upgrade`).

Alembic is imported only when there is something to do: a process that starts on a database
already at the head of the chain (every restart) checks its one `alembic_version` row and goes
on, without the 10 MB and the tenth of a second that Alembic and its templates cost (issue 19).
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# `revision = "0002"` and `down_revision = "0001"` (or None) in each version file; a merge
# (a tuple of down revisions) or anything else unusual matches nothing, and Alembic decides.
_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*[\"']([^\"'\n]+)[\"']\s*$", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(?:None|[\"']([^\"'\n]+)[\"'])\s*$", re.M)


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def heads(url: str = "sqlite+aiosqlite://") -> list[str]:
    """The head revisions (a healthy history has exactly one)."""
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def script_head() -> str | None:
    """The one head of a linear chain, read from the version files without Alembic; None when
    a file does not read plainly or the chain has not exactly one head (Alembic decides)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0]:
            downs.add(down[0])
    found = revisions - downs
    return found.pop() if len(found) == 1 and downs <= revisions else None


async def database_revisions(url: str) -> list[str] | None:
    """The revisions the database says it is at, or None when it cannot say (no database yet,
    no version table, unreachable)."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
            return [str(row[0]) for row in rows]
    except (SQLAlchemyError, OSError):
        return None
    finally:
        await engine.dispose()


def _upgrade(url: str, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database to `revision` (from a thread when an event loop is running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _upgrade(url, revision)
        return
    raise RuntimeError("call upgrade_async() from async code")


async def upgrade_async(url: str, revision: str = "head") -> None:
    """Bring the database to `revision` from async code; at the head already, without Alembic."""
    if revision == "head":
        head = script_head()
        if head is not None and await database_revisions(url) == [head]:
            return
    await asyncio.to_thread(_upgrade, url, revision)
