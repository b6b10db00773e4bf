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


@pytest.mark.parametrize("key", ["a", "short-key", "x" * 31])
def test_a_short_secret_key_is_refused_at_start_up(monkeypatch, tmp_path, key) -> None:
    clean(monkeypatch, tmp_path)
    monkeypatch.setenv("RUMBO_SECRET_KEY", key)
    with pytest.raises(ValueError, match="RUMBO_SECRET_KEY must have at least 32 characters"):
        load_settings()


@pytest.mark.parametrize("secret", ["has spaces in it", "<script>", "x" * 257, "ñandú"])
def test_a_telegram_secret_outside_telegrams_charset_is_refused(
    monkeypatch, tmp_path, secret
) -> None:
    clean(monkeypatch, tmp_path)
    monkeypatch.setenv("RUMBO_TELEGRAM_SECRET", secret)
    with pytest.raises(ValueError, match="RUMBO_TELEGRAM_SECRET must be 1-256 characters"):
        load_settings()


def test_good_secrets_are_accepted(monkeypatch, tmp_path) -> None:
    clean(monkeypatch, tmp_path)
    monkeypatch.setenv("RUMBO_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("RUMBO_TELEGRAM_SECRET", "Az09_-" * 40)
    settings = load_settings()
    assert settings.secret_key == "k" * 32


def test_an_empty_telegram_secret_means_unset(monkeypatch, tmp_path) -> None:
    clean(monkeypatch, tmp_path)
    monkeypatch.setenv("RUMBO_TELEGRAM_SECRET", "")  # docker-compose passes ${VAR:-}
    assert load_settings().telegram_secret is None


def test_serve_with_a_bad_secret_prints_a_readable_error(monkeypatch, tmp_path) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    clean(monkeypatch, tmp_path)
    monkeypatch.setenv("RUMBO_SECRET_KEY", "a")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "RUMBO_SECRET_KEY must have at least 32 characters" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_the_outbox_lease_is_a_setting(monkeypatch, tmp_path) -> None:
    clean(monkeypatch, tmp_path)
    assert load_settings().outbox_lease_seconds == 60
    monkeypatch.setenv("RUMBO_OUTBOX_LEASE_SECONDS", "2.5")
    assert load_settings().outbox_lease_seconds == 2.5
