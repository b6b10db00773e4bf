"""In-process turn latency (p50/p99), `rumbo train` time and peak memory of `rumbo serve`.

Run: .venv/bin/python benchmarks/turn_latency.py [--turns 400]
Only the in-process turns: ... turn_latency.py --only turns [--json] [--tree DIR] [--var DIR]
(`--tree` measures another checkout's code, as benchmarks/speed_compare.py does; `--var` keeps
the trained model between runs). Everything runs on this machine; the server is on 127.0.0.1
only and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if "--tree" not in sys.argv:
    sys.path.insert(0, str(ROOT))

MESSAGES = [
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
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def turn_latency(turns: int, tmp: Path, var: Path | None = None) -> dict[str, float]:
    from sqlalchemy import event

    from benchmarks._settings import bench_settings
    from bot.messages import InboundMessage
    from bot.runtime import build_runtime
    from bot.storage.migrate import upgrade_async

    url = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    await upgrade_async(url)
    settings = bench_settings(tmp, url, **({"var_dir": var} if var else {}))
    runtime = build_runtime(settings)
    timings = []
    counts = {"statements": 0, "commits": 0, "cpu_ms": 0.0}

    def statement(*_: object) -> None:
        counts["statements"] += 1

    def commit(*_: object) -> None:
        counts["commits"] += 1

    # What reaches the database (BEGIN is implicit in pysqlite and is not counted).
    event.listen(runtime.db.engine.sync_engine, "before_cursor_execute", statement)
    event.listen(runtime.db.engine.sync_engine, "commit", commit)
    try:
        cpu = time.process_time()
        for index in range(turns):
            text = MESSAGES[index % len(MESSAGES)]
            inbound = InboundMessage(
                channel="telegram", user=f"bench-{index // 13}", text=text, external_id=f"b{index}"
            )
            started = time.perf_counter()
            await runtime.engine.handle(inbound)
            timings.append((time.perf_counter() - started) * 1000)
        # CPU time of the process (both threads): what a turn costs whatever else the machine runs.
        counts["cpu_ms"] = (time.process_time() - cpu) * 1000
    finally:
        await runtime.close()
    return {
        "p50_ms": statistics.median(timings),
        "p99_ms": percentile(timings, 0.99),
        "turns": turns,
        "sql_per_turn": counts["statements"] / turns,
        "commits_per_turn": counts["commits"] / turns,
        "cpu_ms_per_turn": counts["cpu_ms"] / turns,
    }


def train_time(tmp: Path) -> float:
    env = dict(os.environ, RUMBO_VAR_DIR=str(tmp / "train-var"), RUMBO_LOG_LEVEL="WARNING")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "train"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def serve_memory(tmp: Path, port: int = 8765) -> dict[str, float]:
    env = dict(
        os.environ,
        RUMBO_VAR_DIR=str(tmp / "var"),
        RUMBO_LOG_LEVEL="WARNING",
        RUMBO_DATABASE_URL=f"sqlite+aiosqlite:///{tmp / 'serve.db'}",
        RUMBO_SECRET_KEY="bench-secret-key-0123456789abcdefghijklmnop",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        ready = time.perf_counter() - started
        for index in range(100):
            body = json.dumps({"text": MESSAGES[index % len(MESSAGES)]}).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/chat/message", body, {"Content-Type": "application/json"}
            )
            urllib.request.urlopen(request, timeout=10).read()
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak_kb = int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        )
        return {"ready_s": ready, "peak_rss_mb": peak_kb / 1024}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def only_turns(args: argparse.Namespace) -> None:
    """The in-process turn measure alone, on this checkout or on `--tree`."""
    if args.tree is not None:
        sys.path.insert(0, str(args.tree.resolve()))
    with tempfile.TemporaryDirectory() as folder:
        latency = asyncio.run(turn_latency(args.turns, Path(folder), args.var))
    if args.json:
        print(json.dumps(latency))
        return
    print(
        f"turn latency (SQLite):  p50 {latency['p50_ms']:.2f} ms, p99 {latency['p99_ms']:.2f} ms "
        f"over {latency['turns']} turns, {latency['sql_per_turn']:.1f} SQL statements and "
        f"{latency['commits_per_turn']:.1f} commits per turn, "
        f"{latency['cpu_ms_per_turn']:.2f} ms of CPU per turn"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--only", choices=["all", "turns"], default="all")
    parser.add_argument("--json", action="store_true", help="--only turns: one JSON line")
    parser.add_argument("--tree", type=Path, help="--only turns: measure this checkout's code")
    parser.add_argument("--var", type=Path, help="--only turns: var folder (keeps the model)")
    args = parser.parse_args()
    if args.only == "turns":
        only_turns(args)
        return
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        seconds = train_time(tmp)
        latency = asyncio.run(turn_latency(args.turns, tmp))
        memory = serve_memory(tmp)
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"rumbo train:            {seconds:.2f} s (whole command, incl. start-up)")
    print(
        f"turn latency (SQLite):  p50 {latency['p50_ms']:.2f} ms, p99 {latency['p99_ms']:.2f} ms "
        f"over {latency['turns']} turns"
    )
    print(
        f"rumbo serve:            ready in {memory['ready_s']:.2f} s, "
        f"peak RSS {memory['peak_rss_mb']:.0f} MB after 100 web chat turns"
    )


if __name__ == "__main__":
    main()
