"""Time from an urgent message (engine.handle) to its ticket in the console's queue endpoint.

Run: .venv/bin/python benchmarks/urgent_to_queue.py [--runs 50] [--database-url URL] [--append]
The app runs in-process (the real Starlette app, the real console, a signed-in session); each run
a new person sends a danger message like a channel adapter would (replies queued, not inline),
then GET /console/queue/fragment is polled until that ticket's row is there. Nothing leaves
127.0.0.1. With --append the result is added to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

URGENT = "mi pareja me pega y tengo miedo, ayuda"
PASSWORD = "benchmark-password-123"
# What the console's page script waits between polls (data-interval in queue.html).
BROWSER_POLL_S = 5.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def measure(runs: int, database_url: str | None, tmp: Path) -> list[float]:
    import httpx

    from benchmarks._settings import bench_settings
    from bot.handoff.accounts import create_caseworker
    from bot.messages import InboundMessage
    from bot.runtime import build_runtime
    from bot.storage.migrate import upgrade_async
    from bot.web.app import create_app

    url = database_url or f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    await upgrade_async(url)
    settings = bench_settings(tmp, url, run_workers=False)
    await create_caseworker(
        settings, email="bench@example.org", name="Bench", role="caseworker", password=PASSWORD
    )
    runtime = build_runtime(settings)
    app = create_app(settings, runtime=runtime, migrate=False)
    timings = []
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                form = await client.get("/console/login")
                token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
                await client.post(
                    "/console/login",
                    data={"csrf": token, "email": "bench@example.org", "password": PASSWORD},
                )
                for index in range(runs + 1):  # the first run warms caches; not counted
                    inbound = InboundMessage(
                        channel="telegram",
                        user=f"9{index:08d}",
                        text=URGENT,
                        external_id=f"urgent-{index}",
                    )
                    started = time.perf_counter()
                    result = await runtime.engine.handle(inbound)
                    assert result.urgent, "the benchmark message must be detected as danger"
                    marker = f'href="/console/conversations/{result.conversation_id}"'
                    # Polling is the point: this is how the queue page learns of new tickets.
                    while marker not in (await client.get("/console/queue/fragment")).text:  # noqa: ASYNC110
                        await asyncio.sleep(0.001)
                    if index:
                        timings.append((time.perf_counter() - started) * 1000)
    finally:
        await runtime.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", default=os.environ.get("RUMBO_BENCH_DATABASE_URL"))
    parser.add_argument("--append", action="store_true", help="add to benchmarks/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        timings = asyncio.run(measure(args.runs, args.database_url, Path(folder)))
    backend = "PostgreSQL" if args.database_url and "postgres" in args.database_url else "SQLite"
    p50, p99 = statistics.median(timings), percentile(timings, 0.99)
    lines = [
        f"### Urgent message to console queue ({date.today().isoformat()})",
        "",
        f"`.venv/bin/python benchmarks/urgent_to_queue.py --runs {args.runs}` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{backend}, embedded NLU.",
        "",
        f"- engine.handle of a danger message until its ticket is in GET /console/queue/fragment: "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(timings):.1f} ms over {len(timings)} runs",
        f"- an open queue page polls every {BROWSER_POLL_S:.0f} s, so a caseworker sees it within "
        f"{BROWSER_POLL_S + p99 / 1000:.1f} s at worst (p99)",
        "",
    ]
    print("\n".join(lines))
    if args.append:
        results = ROOT / "benchmarks" / "RESULTS.md"
        existing = results.read_text() if results.exists() else "# Benchmark results\n\n"
        results.write_text(existing.rstrip("\n") + "\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
