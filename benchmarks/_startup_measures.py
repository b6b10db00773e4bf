"""Start-up measures of a source tree: `rumbo serve` ready, its peak RSS after 100 web chat
turns, and `rumbo train` as a whole command (issue 19, "lean start").

Each measure runs the command of the tree it is given in a subprocess, with that tree as the
working directory and on PYTHONPATH, its state in a temporary folder, nothing configured but
SQLite and a secret key (no channel, no `.env`). The server listens on 127.0.0.1 only.

    .venv/bin/python benchmarks/_startup_measures.py --before main [--rounds 3]

compares a git revision (checked out in a temporary `git worktree` under /tmp, removed
afterwards) with the current tree, the two interleaved in each round, and prints a markdown
table of medians with the ratio new / old.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "startup-measure-secret-0123456789abcdefghijklmnop"
TURNS = 100
MESSAGES = (
    "hola",
    "puedo ir al medico sin cedula",
    "3",
    "1",
    "como saco la visa mercosur",
    "mi jefe no me paga",
    "donde estudian mis hijos",
    "abogado gratis en quito",
    "MENU",
    "can I work with a tourist visa",
    "me quiero regresar a ecuador que beneficios hay",
    "que es el refugio",
    "gracias",
)
_STATE = Path(tempfile.mkdtemp(prefix="rumbo-startup-"))


def _env(tree: Path, var: Path) -> dict[str, str]:
    """The environment of a command of `tree`: only what the measure sets, of Rumbo's own."""
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RUMBO_", "TWILIO_", "TELEGRAM_"))
    }
    return kept | {
        "PYTHONPATH": str(tree),
        "RUMBO_VAR_DIR": str(var),
        "RUMBO_DATABASE_URL": f"sqlite+aiosqlite:///{var / 'rumbo.db'}",
        "RUMBO_SECRET_KEY": SECRET,
        "RUMBO_LOG_LEVEL": "WARNING",
        # 100 turns per round from one address, rounds a minute apart: not the limiter's case
        "RUMBO_WEB_CHAT_IP_PER_MINUTE": "100000",
        "RUMBO_WEB_CHAT_SESSION_PER_MINUTE": "100000",
    }


def _run_train(tree: Path, var: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "train"],
        cwd=tree,
        env=_env(tree, var),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _trained_var(tree: Path) -> Path:
    """A state folder of `tree` whose model is trained (once per tree), so that serve loads it."""
    var = _STATE / f"serve-{abs(hash(str(tree.resolve())))}"
    if not (var / "nlu" / "model.pkl").exists():
        _run_train(tree, var)
    return var


def train_seconds(tree: Path) -> float:
    """`rumbo train` of `tree`, the whole command, in a fresh state folder."""
    with tempfile.TemporaryDirectory(dir=_STATE) as folder:
        return _run_train(tree, Path(folder))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _serving(tree: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, float]]:
    """`rumbo serve` of `tree` on a free port, its model trained; yields (process, port,
    seconds until /healthz first answered)."""
    var = _trained_var(tree)
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        cwd=tree,
        env=_env(tree, var),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"rumbo serve of {tree} exited with {proc.returncode}")
            if time.perf_counter() - started > 60:
                raise RuntimeError(f"rumbo serve of {tree} not ready after 60 s")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.01)
        yield proc, port, time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def serve_ready(tree: Path) -> float:
    """Seconds from starting `rumbo serve` of `tree` until /healthz answers."""
    with _serving(tree) as (_, _, ready):
        return ready


def serve_rss_after_100_turns(tree: Path) -> float:
    """Peak RSS (VmHWM, MB) of `rumbo serve` of `tree` after 100 web chat turns, each from a
    new browser (no cookie), as benchmarks/turn_latency.py sends them."""
    with _serving(tree) as (proc, port, _):
        for index in range(TURNS):
            body = json.dumps({"text": MESSAGES[index % len(MESSAGES)]}).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/chat/message", body, {"Content-Type": "application/json"}
            )
            urllib.request.urlopen(request, timeout=30).read()
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak_kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        return int(peak_kb) / 1024


MEASURES: list[tuple[str, str, Callable[[Path], float]]] = [
    ("`rumbo serve` ready", "s", serve_ready),
    ("peak RSS of `rumbo serve` after 100 web chat turns", "MB", serve_rss_after_100_turns),
    ("`rumbo train`, whole command", "s", train_seconds),
]


@contextlib.contextmanager
def _worktree(rev: str) -> Iterator[Path]:
    """A temporary detached checkout of `rev`, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="rumbo-before-"))
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), rev],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    try:
        yield folder
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, capture_output=True
        )


def compare(
    before: Path, after: Path, rounds: int
) -> list[tuple[str, str, list[float], list[float]]]:
    """Every measure of both trees, interleaved (before, after) in each round."""
    found: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, _, _ in MEASURES}
    for round_ in range(rounds):
        for name, _, measure in MEASURES:
            for tree, values in ((before, found[name][0]), (after, found[name][1])):
                values.append(measure(tree))
                print(f"round {round_ + 1} {tree.name}: {name} {values[-1]:.2f}", file=sys.stderr)
    return [(name, unit, *found[name]) for name, unit, _ in MEASURES]


def table(rev: str, rows: list[tuple[str, str, list[float], list[float]]]) -> str:
    """Medians old against new, with the ratio and every value."""
    lines = [
        f"| measure | before ({rev}) | after | after / before |",
        "|---|---|---|---|",
    ]
    for name, unit, old, new in rows:
        a, b = statistics.median(old), statistics.median(new)
        spread = lambda values: ", ".join(f"{v:.2f}" for v in values)  # noqa: E731
        lines.append(
            f"| {name} | {a:.2f} {unit} ({spread(old)}) | {b:.2f} {unit} ({spread(new)}) "
            f"| {b / a:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", required=True, help="git revision to compare against")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        with _worktree(args.before) as before:
            rows = compare(before, ROOT, args.rounds)
    finally:
        shutil.rmtree(_STATE, ignore_errors=True)
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; medians of {args.rounds} interleaved rounds\n"
    )
    print(table(args.before, rows))


if __name__ == "__main__":
    main()
