"""Settings: one object from the environment and `.env`, local state under RUMBO_VAR_DIR."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings


def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No RUMBO_ variables from the caller, and no `.env` in the working folder."""
    import os

    for name in list(os.environ):
        if name.startswith(("RUMBO_", "TELEGRAM_", "TWILIO_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults_are_the_embedded_ones(monkeypatch, tmp_path) -> None:
    clean(monkeypatch, tmp_path)
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///var/rumbo.db"
    assert settings.nlu_backend == "embedded"
    assert settings.model_path == Path("var") / "nlu" / "model.pkl"


def test_the_sqlite_file_follows_the_var_dir(monkeypatch, tmp_path) -> None:
    clean(monkeypatch, tmp_path)
    monkeypatch.setenv("RUMBO_VAR_DIR", str(tmp_path / "state"))
    settings = load_settings()
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'state' / 'rumbo.db'}"
    assert settings.sqlite_path() == tmp_path / "state" / "rumbo.db"


def test_an_explicit_database_url_wins(monkeypatch, tmp_path) -> None:
    clean(monkeypatch, tmp_path)
    monkeypatch.setenv("RUMBO_VAR_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("RUMBO_DATABASE_URL", "postgresql+asyncpg://u@127.0.0.1:5432/rumbo")
    assert load_settings().database_url == "postgresql+asyncpg://u@127.0.0.1:5432/rumbo"


def test_dot_env_is_read(monkeypatch, tmp_path) -> None:
    clean(monkeypatch, tmp_path)
    (tmp_path / ".env").write_text("RUMBO_NLU_BACKEND=rasa\nRUMBO_VAR_DIR=elsewhere\n")
    settings = load_settings()
    assert settings.nlu_backend == "rasa"
    assert settings.database_url == "sqlite+aiosqlite:///elsewhere/rumbo.db"
