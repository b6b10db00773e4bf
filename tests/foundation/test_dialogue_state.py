"""The typed conversation state (bot.dialogue.state), and migration 0004_typed_state on SQLite:
rows stored in the old, flat shape get their version and their channel memory under "channel",
and the engine reads them as before."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from bot.channels.telegram.render import callback_data
from bot.dialogue.state import STATE_VERSION, DialogueState
from bot.knowledge.models import KnowledgeBase
from bot.runtime import build_runtime
from bot.storage.migrate import alembic_config, upgrade, upgrade_async
from bot.understanding.embedded import EmbeddedUnderstanding
from tests.conftest import Person, make_settings

OLD = {
    "lang": "en",
    "lang_locked": True,
    "pending": "erase",
    "choices": [["erase:yes", "Yes"], ["erase:no", "No"]],
    "fallbacks": 1,
    "callbacks": {"k:abc": "human"},
    "more": "the rest of a long SMS",
    "paging": {"article": "health-access", "page": 2},
}


def _states(path: Path) -> dict[int, Any]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT conversation_id, data FROM conversation_states").fetchall()
    return {conversation_id: json.loads(data) for conversation_id, data in rows}


def _store(path: Path, rows: dict[int, Any]) -> None:
    with sqlite3.connect(path) as db:  # foreign keys are off on a bare connection
        for conversation_id, data in rows.items():
            db.execute(
                "INSERT OR REPLACE INTO conversation_states (conversation_id, data, updated_at)"
                " VALUES (?, ?, '2026-12-01 00:00:00')",
                (conversation_id, json.dumps(data)),
            )


def test_old_rows_get_the_versioned_shape_and_back(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url, "0003")
    newer = {"version": STATE_VERSION, "lang": "es", "channel": {"more": "x"}}
    _store(path, {1: OLD, 2: {}, 3: newer})

    upgrade(url, "0004_typed_state")
    migrated = _states(path)
    assert migrated[1] == {
        "version": 1,
        "lang": "en",
        "lang_locked": True,
        "pending": "erase",
        "choices": [["erase:yes", "Yes"], ["erase:no", "No"]],
        "fallbacks": 1,
        "channel": {
            "callbacks": {"k:abc": "human"},
            "more": "the rest of a long SMS",
            "paging": {"article": "health-access", "page": 2},
        },
    }
    assert migrated[2] == {"version": 1}
    assert migrated[3] == newer, "a row with a version is left alone"
    state = DialogueState.from_json(migrated[1])
    assert (state.pending, state.choices[0], state.channel["more"]) == (
        "erase",
        ("erase:yes", "Yes"),
        "the rest of a long SMS",
    )
    assert state.to_json() == migrated[1]

    command.downgrade(alembic_config(url), "0003")
    assert _states(path)[1] == OLD


async def test_the_engine_reads_the_old_shape_after_the_migration(
    tmp_path: Path, nlu: EmbeddedUnderstanding, kb: KnowledgeBase
) -> None:
    path = tmp_path / "rumbo.db"
    url = f"sqlite+aiosqlite:///{path}"
    await upgrade_async(url)
    runtime = build_runtime(make_settings(tmp_path, database_url=url), kb=kb, nlu=nlu)
    person = Person(runtime, "telegram", "100000555")
    try:
        await person.says("hola")
        # Stored the old way, as 0003 did: a short Telegram key at the top of the state.
        key = callback_data("human" + " " * 70, {})  # a short key, standing for "human"
        [conversation_id] = _states(path)
        _store(path, {conversation_id: {"lang": "es", "callbacks": {key: "human"}}})
        # Run 0004 again over it, then put back the head (later migrations are not about state).
        with sqlite3.connect(path) as db:
            [(head,)] = db.execute("SELECT version_num FROM alembic_version").fetchall()
            db.execute("UPDATE alembic_version SET version_num = '0003'")
        await upgrade_async(url, "0004_typed_state")
        with sqlite3.connect(path) as db:
            db.execute("UPDATE alembic_version SET version_num = ?", (head,))
        assert _states(path)[conversation_id]["channel"] == {"callbacks": {key: "human"}}
        result = await person.picks(key)
        assert result.handoff, "the migrated key still stands for its choice"
    finally:
        await runtime.close()


def test_fields_at_their_default_are_not_stored_and_a_typo_is_refused() -> None:
    state = DialogueState()
    assert state.to_json() == {"version": STATE_VERSION}
    state.choices = [("menu", "Menú")]
    state.guide["nat"] = "co"
    assert state.to_json() == {
        "version": STATE_VERSION,
        "choices": [["menu", "Menú"]],
        "guide": {"nat": "co"},
    }
    assert DialogueState().guide == {}, "defaults are not shared between states"
    with pytest.raises(ValueError):
        state.pendng = "erase"  # type: ignore[attr-defined]


def test_unknown_keys_are_kept_and_bad_values_reset(caplog: pytest.LogCaptureFixture) -> None:
    stored = {"version": STATE_VERSION, "lang": "en", "fallbacks": "many", "rating_asked": True}
    with caplog.at_level(logging.WARNING):
        state = DialogueState.from_json(stored)
    assert (state.lang, state.fallbacks) == ("en", 0)
    assert state.to_json() == {"version": STATE_VERSION, "lang": "en", "rating_asked": True}
    assert "many" not in caplog.text, "the value is never logged"
    newer = DialogueState.from_json({"version": STATE_VERSION + 1, "lang": "es"})
    assert newer.to_json()["version"] == STATE_VERSION + 1
    assert DialogueState.from_json(None).to_json() == {"version": STATE_VERSION}


def test_a_new_session_keeps_who_the_person_is_not_what_they_were_doing() -> None:
    state = DialogueState.from_json(OLD | {"province": "Pichincha", "rating_asked": True})
    fresh = state.new_session()
    assert fresh.to_json() == {
        "version": STATE_VERSION,
        "lang": "en",
        "lang_locked": True,
        "province": "Pichincha",
    }
