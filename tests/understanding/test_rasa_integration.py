"""A real Rasa 3.6 server answers turns through the engine (RUMBO_NLU_BACKEND=rasa).

Builds or reuses the pinned venv with scripts/rasa.sh (skips on a laptop without python3.10,
fails in CI), trains once on a small slice of nlu/data (every core intent, a few articles, at
most 15 examples each: this tests the wiring, the benchmark measures accuracy on all the data),
serves it on a free 127.0.0.1 port, talks to it, then stops it mid-conversation to see the
turn fall back to the embedded backend.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from bot.knowledge.models import KnowledgeBase
from bot.runtime import Runtime, build_runtime
from bot.storage.migrate import upgrade_async
from bot.understanding.rasa import RasaUnderstanding
from tests.conftest import ROOT, Person, make_settings, need

pytestmark = pytest.mark.rasa

SCRIPT = ROOT / "scripts" / "rasa.sh"
ARTICLES = ("health-access", "education-enrolment", "work-right-to-work")
PER_INTENT = 15


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (bind port 0 and read it)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_slice(folder: Path) -> None:
    """Core intents and a few article intents from nlu/data, shortened."""
    folder.mkdir(parents=True)
    for name in ("core.yml", "kb.yml"):
        data = yaml.safe_load((ROOT / "nlu" / "data" / name).read_text(encoding="utf-8"))
        items = []
        for item in data["nlu"]:
            if "intent" not in item:
                continue
            if item["intent"].startswith("kb.") and item["intent"][3:] not in ARTICLES:
                continue
            lines = item["examples"].splitlines()[:PER_INTENT]
            items.append({"intent": item["intent"], "examples": "\n".join(lines) + "\n"})
        text = yaml.safe_dump({"version": "3.1", "nlu": items}, allow_unicode=True)
        (folder / name).write_text(text, encoding="utf-8")


def run_script(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """scripts/rasa.sh with its output captured (shown when it fails)."""
    return subprocess.run(  # noqa: S603
        ["bash", str(SCRIPT), *args],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def rasa_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Rasa model trained once for this module."""
    venv = run_script("venv", "--print-path", timeout=1800)
    if venv.returncode == 3:
        need(False, venv.stderr.strip().splitlines()[-1])
    assert venv.returncode == 0, venv.stderr[-3000:]
    work = tmp_path_factory.mktemp("rasa")
    write_slice(work / "data")
    started = time.perf_counter()
    trained = run_script(
        "train", "--out", str(work / "models"), "--nlu", str(work / "data"), timeout=1800
    )
    assert trained.returncode == 0, trained.stderr[-3000:]
    print(f"rasa trained the slice in {time.perf_counter() - started:.0f} s")
    return work / "models" / "rumbo-nlu.tar.gz"


@pytest.fixture(scope="module")
def rasa_server(rasa_model: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real Rasa server on 127.0.0.1, stopped at the end."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603
        ["bash", str(SCRIPT), "serve", "--port", str(port), "--model", str(rasa_model)],  # noqa: S607
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            assert process.poll() is None, "rasa serve exited"
            try:
                if httpx.post(url + "/model/parse", json={"text": "hola"}, timeout=5).is_success:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "rasa did not start within 300 s"
            time.sleep(0.5)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.fixture
async def rasa_runtime(
    tmp_path: Path, kb: KnowledgeBase, rasa_server: tuple[str, subprocess.Popen[bytes]]
) -> AsyncIterator[Runtime]:
    """The whole assistant with RUMBO_NLU_BACKEND=rasa pointing at the live server."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'rasa.db'}"
    await upgrade_async(url)
    settings = make_settings(
        tmp_path, database_url=url, nlu_backend="rasa", rasa_url=rasa_server[0], rasa_timeout=10
    )
    runtime = build_runtime(settings, kb=kb)
    yield runtime
    await runtime.close()


async def test_turns_are_understood_by_rasa_then_by_embedded_when_it_stops(
    rasa_runtime: Runtime, rasa_server: tuple[str, subprocess.Popen[bytes]]
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

    _, process = rasa_server
    process.terminate()
    process.wait(timeout=60)
    other = Person(rasa_runtime, "sms", "rasa-person-2")
    after = await other.says("puedo trabajar con visa de turista?")
    assert after.topic == "work", "the embedded backend answered"
    assert nlu.fallbacks == 1
