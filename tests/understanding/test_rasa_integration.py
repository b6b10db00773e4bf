"""A real Rasa 3.6 server answers turns through the engine (RUMBO_NLU_BACKEND=rasa).

Uses the session's Rasa model (tests/rasa_support.py: the pinned venv, a slice of nlu/data),
serves it on a free 127.0.0.1 port, talks to it, then stops it mid-conversation to see the
turn fall back to the embedded backend.
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.knowledge.models import KnowledgeBase
from bot.runtime import Runtime, build_runtime
from bot.storage.migrate import upgrade_async
from bot.understanding.rasa import RasaUnderstanding
from tests.conftest import Person, make_settings
from tests.rasa_support import rasa_server

pytestmark = pytest.mark.rasa


@pytest.fixture(scope="module")
def live_rasa(rasa_model: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real Rasa server on 127.0.0.1 for this module (the test stops it on purpose)."""
    with rasa_server(rasa_model) as server:
        yield server


@pytest.fixture
async def rasa_runtime(
    tmp_path: Path, kb: KnowledgeBase, live_rasa: tuple[str, subprocess.Popen[bytes]]
) -> AsyncIterator[Runtime]:
    """The whole assistant with RUMBO_NLU_BACKEND=rasa pointing at the live server."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'rasa.db'}"
    await upgrade_async(url)
    settings = make_settings(
        tmp_path, database_url=url, nlu_backend="rasa", rasa_url=live_rasa[0], rasa_timeout=10
    )
    runtime = build_runtime(settings, kb=kb)
    yield runtime
    await runtime.close()


async def test_turns_are_understood_by_rasa_then_by_embedded_when_it_stops(
    rasa_runtime: Runtime, live_rasa: tuple[str, subprocess.Popen[bytes]]
) -> None:
    nlu = rasa_runtime.nlu
    assert isinstance(nlu, RasaUnderstanding)
    person = Person(rasa_runtime, "telegram", "rasa-person")

    greeting = await person.says("hola buenas")
    assert greeting.intent == "greet"
    answer = await person.says("puedo ir al medico si no tengo cedula")
    assert answer.topic == "health" and answer.article_ids == ["health-access"]
    human = await person.says("quiero hablar con una persona de verdad")
    assert human.handoff
    assert nlu.stats["rasa"] == 3 and nlu.fallbacks == 0

    _, process = live_rasa
    process.terminate()
    process.wait(timeout=60)
    other = Person(rasa_runtime, "sms", "rasa-person-2")
    after = await other.says("puedo trabajar con visa de turista?")
    assert after.topic == "work", "the embedded backend answered"
    assert nlu.fallbacks == 1
