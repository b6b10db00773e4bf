"""A real Rasa 3.6 server for the tests that need one (the understanding integration test and the
multi-process production test).

scripts/rasa.sh builds or reuses the pinned Python 3.10 venv (skips on a laptop without
python3.10, fails in CI), trains once per test session on a slice of nlu/data (every core intent,
a few articles, at most 15 examples each: the tests check wiring and delivery, the benchmark
measures accuracy on all the data), and serves the model on a free 127.0.0.1 port.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml

from tests.conftest import ROOT, need

SCRIPT = ROOT / "scripts" / "rasa.sh"
ARTICLES = ("health-access", "education-enrolment", "work-right-to-work")
PER_INTENT = 15
START_LIMIT = 300.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (bind port 0 and read it)."""
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


def venv_missing_reason() -> str | None:
    """Build (once) or reuse the Rasa venv; the reason when python3.10 is not on this machine."""
    venv = run_script("venv", "--print-path", timeout=1800)
    if venv.returncode == 3:
        return venv.stderr.strip().splitlines()[-1]
    assert venv.returncode == 0, venv.stderr[-3000:]
    return None


def train_slice(work: Path) -> Path:
    """Build the venv if needed (skip or fail when python3.10 is missing), train, return the
    model file."""
    missing = venv_missing_reason()
    if missing:
        need(False, missing)
    write_slice(work / "data")
    started = time.perf_counter()
    trained = run_script(
        "train", "--out", str(work / "models"), "--nlu", str(work / "data"), timeout=1800
    )
    assert trained.returncode == 0, trained.stderr[-3000:]
    print(f"rasa trained the slice in {time.perf_counter() - started:.0f} s")
    return work / "models" / "rumbo-nlu.tar.gz"


@contextmanager
def rasa_server(model: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`rasa run` on a free 127.0.0.1 port, answering /model/parse; stopped on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603
        ["bash", str(SCRIPT), "serve", "--port", str(port), "--model", str(model)],  # noqa: S607
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            assert process.poll() is None, "rasa serve exited"
            try:
                if httpx.post(url + "/model/parse", json={"text": "hola"}, timeout=5).is_success:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"rasa did not start within {START_LIMIT:.0f} s"
            time.sleep(0.5)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)
