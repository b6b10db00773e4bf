"""What `rumbo serve` does at start (issue 19): nothing it does not need to serve."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.storage.migrate import database_revisions, heads, script_head, upgrade_async
from tests.conftest import ROOT, TEST_SECRET

SERVE_START = """
import asyncio, json, sys
import argon2

def no_hashing(*args, **kwargs):
    raise AssertionError("a password was hashed at start")

argon2.PasswordHasher.hash = no_hashing
from bot.cli import _settings
from bot.web.app import create_app

app = create_app(_settings())

async def start():
    async with app.router.lifespan_context(app):
        app.state.runtime.nlu.parse_sync("hola, puedo ir al medico sin cedula")

asyncio.run(start())
heavy = (
    "sklearn", "scipy", "alembic", "httpx", "telegram", "twilio", "playwright", "jinja2", "rich",
)
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""


def test_serve_starts_without_training_libraries_alembic_or_a_password_hash(
    tmp_path: Path, nlu_model
) -> None:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("RUMBO_", "TELEGRAM_", "TWILIO_"))
    }
    env |= {
        "RUMBO_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        "RUMBO_VAR_DIR": str(tmp_path / "var"),
        "RUMBO_SECRET_KEY": TEST_SECRET,
        "RUMBO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    nlu_model.save(tmp_path / "var" / "nlu" / "model.pkl")
    asyncio.run(upgrade_async(env["RUMBO_DATABASE_URL"]))  # a restart: the database is ready
    done = subprocess.run(
        [sys.executable, "-c", SERVE_START],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_the_head_read_without_alembic_is_alembics() -> None:
    assert [script_head()] == heads()


async def test_a_database_at_the_head_is_left_alone_and_an_old_one_upgraded(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    assert await database_revisions(url) is None  # nothing there yet
    await upgrade_async(url, "0002")
    assert await database_revisions(url) == ["0002"]
    await upgrade_async(url)
    assert await database_revisions(url) == [script_head()]
    await upgrade_async(url)  # at the head: the quick path
    assert await database_revisions(url) == heads()
