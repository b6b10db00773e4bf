"""`rumbo ask --json` keeps the DESIGN.md contract, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, TEST_SECRET

KEYS = {
    "replies",
    "lang",
    "intent",
    "confidence",
    "topic",
    "article_ids",
    "urgent",
    "danger",
    "handoff",
    "fallback",
    "clarify",
    "optout",
    "erasure",
}


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory, nlu_model) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("cli")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("RUMBO_", "TELEGRAM_", "TWILIO_"))
    }
    env.update(
        {
            "RUMBO_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'cli.db'}",
            "RUMBO_VAR_DIR": str(tmp / "var"),
            "RUMBO_SECRET_KEY": TEST_SECRET,
            "RUMBO_LOG_LEVEL": "WARNING",
        }
    )
    nlu_model.save(tmp / "var" / "nlu" / "model.pkl")  # the same data: no retraining
    return env


def ask(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", *args, "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def test_ask_json_contract_and_conversation_continues(cli_env) -> None:
    first = ask(cli_env, "hola", "--user", "u1")
    assert set(first) == KEYS
    assert first["replies"][0]["choices"][0].keys() == {"id", "label"}
    third = first["replies"][0]["choices"][2]
    second = ask(cli_env, "3", "--user", "u1")
    assert not second["fallback"]
    assert second["topic"] == third["id"].split(":", 1)[1]


def test_ask_health_question_unlike_training(cli_env) -> None:
    # Not among any article's questions: asked the way a worried parent might write it.
    data = ask(
        cli_env,
        "mi hija tiene fiebre alta y no tenemos papeles, la atienden en el subcentro?",
        "--user",
        "u2",
    )
    assert data["topic"] == "health"


def test_ask_danger(cli_env) -> None:
    data = ask(cli_env, "me pegan y tengo miedo", "--user", "u3")
    assert data["urgent"] is True and data["danger"] == "violence"
    assert "911" in data["replies"][0]["text"]
    quiet = ask(cli_env, "puedo ir al medico sin cedula", "--user", "u3b")
    assert quiet["urgent"] is False and quiet["danger"] is None


def test_ask_sms_has_segments_and_encoding(cli_env) -> None:
    data = ask(cli_env, "puedo trabajar con visa de turista", "--channel", "sms", "--user", "u4")
    reply = data["replies"][0]
    assert reply["encoding"] == "GSM-7" and 1 <= reply["segments"] <= 2


def test_ask_rejects_unknown_channel(cli_env) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "hola", "--channel", "fax"],
        env=cli_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "unknown channel" in done.stderr


def test_kb_check_passes(cli_env) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "check"],
        env=cli_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "0 errors" in done.stdout


def test_ask_json_names_what_a_keyword_or_digit_did(cli_env) -> None:
    first = ask(cli_env, "hola", "--user", "kw-1")
    assert first["intent"] == "greet"
    menu = ask(cli_env, "MENU", "--user", "kw-1")
    assert (menu["intent"], menu["confidence"]) == ("menu", 1.0)
    picked = ask(cli_env, "3", "--user", "kw-1")
    assert picked["confidence"] == 1.0 and picked["intent"] == "topic"
    more = ask(cli_env, "MAS", "--user", "kw-2", "--channel", "sms")
    assert (more["intent"], more["confidence"]) == ("more", 1.0)
