"""docker-compose.yml: valid for Debian's docker-compose, guarded secrets, start-up order.

`docker-compose config` interpolates and validates the file without a Docker engine. It runs
with a clean environment and an empty env file, so a developer's own `.env` cannot hide a
missing guard.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, need

REQUIRED = {
    "POSTGRES_PASSWORD": "pg-password-for-tests",
    "RUMBO_SECRET_KEY": "compose-secret-for-tests-0123456789",
    "RUMBO_PUBLIC_URL": "https://rumbo.example.org",
}


def compose_config(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `docker-compose config` on the repository's file with exactly `env`."""
    binary = shutil.which("docker-compose")
    need(binary is not None, "docker-compose is not installed (Debian package docker-compose)")
    assert binary
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    command = [
        binary,
        "--file",
        str(ROOT / "docker-compose.yml"),
        "--project-directory",
        str(ROOT),
        "--env-file",
        str(env_file),
        "config",
    ]
    clean = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), **env}
    return subprocess.run(command, env=clean, capture_output=True, text=True, timeout=60)


@pytest.fixture
def config(tmp_path: Path) -> dict[str, Any]:
    """The interpolated compose configuration with every required variable set."""
    done = compose_config(tmp_path, REQUIRED)
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)


def test_valid_with_the_required_variables(config: dict[str, Any]) -> None:
    assert {"db", "rasa", "migrate", "app", "proxy"} <= set(config["services"])
    app_env = config["services"]["app"]["environment"]
    assert app_env["RUMBO_SECRET_KEY"] == REQUIRED["RUMBO_SECRET_KEY"]
    assert app_env["RUMBO_PUBLIC_URL"] == REQUIRED["RUMBO_PUBLIC_URL"]
    assert app_env["RUMBO_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert REQUIRED["POSTGRES_PASSWORD"] in app_env["RUMBO_DATABASE_URL"]
    assert app_env["RUMBO_NLU_BACKEND"] == "rasa"


@pytest.mark.parametrize("missing", sorted(REQUIRED))
@pytest.mark.parametrize("how", ["unset", "empty"])
def test_refuses_to_start_without_a_required_variable(
    tmp_path: Path, missing: str, how: str
) -> None:
    env = {k: v for k, v in REQUIRED.items() if k != missing}
    if how == "empty":
        env[missing] = ""
    done = compose_config(tmp_path, env)
    assert done.returncode != 0, f"compose accepted a configuration without {missing}"
    assert f"set {missing}" in done.stderr, done.stderr


def test_app_waits_for_a_healthy_database_and_the_migrations(config: dict[str, Any]) -> None:
    services = config["services"]
    assert services["db"]["healthcheck"]["test"], "the database needs a health check"
    assert services["app"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["app"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["migrate"]["command"] == ["rumbo", "db", "upgrade"]


def test_database_keeps_its_data_in_a_volume(config: dict[str, Any]) -> None:
    volumes = config["services"]["db"]["volumes"]
    targets = [v["target"] if isinstance(v, dict) else v.split(":")[1] for v in volumes]
    assert "/var/lib/postgresql/data" in targets


def test_no_secret_is_written_in_the_file() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    data = yaml.safe_load(text)
    app_env = data["services"]["app"]["environment"]
    for name in ("RUMBO_SECRET_KEY", "TWILIO_AUTH_TOKEN", "TELEGRAM_BOT_TOKEN"):
        assert str(app_env[name]).startswith("${"), f"{name} must come from the environment"
    assert str(data["services"]["db"]["environment"]["POSTGRES_PASSWORD"]).startswith("${")


def test_turns_run_apart_from_the_processes_that_take_webhooks(config: dict[str, Any]) -> None:
    services = config["services"]
    assert services["app"]["environment"]["RUMBO_RUN_WORKERS"] == "false"
    turns = services["turns"]
    assert turns["environment"].get("RUMBO_RUN_WORKERS", "true") != "false"
    assert (
        turns["environment"]["RUMBO_DATABASE_URL"]
        == services["app"]["environment"]["RUMBO_DATABASE_URL"]
    )
    assert "ports" not in turns and turns["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
