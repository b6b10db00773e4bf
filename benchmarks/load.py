"""Load on the production topology: webhook messages per second, p99 latency and CPU, with one and
with two app processes on PostgreSQL; lost and doubled replies counted.

Everything runs on 127.0.0.1: N `rumbo serve` processes, the fake Telegram and Twilio servers and
this driver. The driver sends signed webhook deliveries (half Telegram, half SMS, 10% repeats)
at a fixed offered rate for a fixed time, then waits until every reply has reached the fakes.

    RUMBO_BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/rumbo_bench \\
        .venv/bin/python benchmarks/load.py --processes 1 2 --rate 40 --seconds 30
        .venv/bin/python benchmarks/load.py --processes 1 --turn-processes 1 --rate 40
        .venv/bin/python benchmarks/load.py --backlog 1000 --turn-processes 1

Measured:
- accepted/s: webhook deliveries answered 2xx per second at the offered rate;
- webhook p50/p99: time to the webhook's 2xx (what Telegram and Twilio wait for);
- turns/s: replies sent per second from the first delivery until the last reply arrived;
- reply p99: from a delivery's 2xx to its reply reaching the fake provider;
- CPU: user+system seconds of the app processes (from /proc) per second of the run;
- lost / doubled: deliveries never processed or processed twice, and stored replies that never
  reached the provider or reached it twice (the database's record against the fakes').
The database is reset (DROP SCHEMA) before each run: never point it at a database you need.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.production.cluster import Cluster, backlog, reset_database  # noqa: E402
from tests.production.fakes import ProviderFakes  # noqa: E402
from tests.production.traffic import Delivery, Driver, Plan, make_plan  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile (0-1) of `values`, nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class PacedDriver(Driver):
    """A driver that offers deliveries at a fixed rate (open loop) instead of as fast as it can,
    and notes when each delivery was accepted, to time its reply."""

    def __init__(self, *args: object, rate: float, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.rate = rate
        self.accepted_at: dict[tuple[str, int], float] = {}

    async def deliver(self, client, delivery: Delivery) -> None:  # type: ignore[no-untyped-def]
        await super().deliver(client, delivery)
        self.accepted_at.setdefault((delivery.conversation, delivery.seq), time.perf_counter())

    async def run_paced(self, plan: Plan) -> None:
        """Offer the plan's deliveries at `rate` per second overall, open loop: the deliveries
        are dealt round-robin over the conversations and the k-th is due k / rate seconds after
        the start. A conversation keeps its order as providers do (a delivery waits for the one
        before it in its chat), and a step that races a repeat sends both copies at once."""
        import httpx

        due: dict[str, list[float]] = {key: [] for key in plan.conversations}
        slot = 0
        longest = max((len(steps) for steps in plan.conversations.values()), default=0)
        for position in range(longest):
            for key, steps in plan.conversations.items():
                if position < len(steps):
                    due[key].append(slot / self.rate)
                    slot += 2 if steps[position].race_repeat else 1
        started = time.perf_counter()
        limits = httpx.Limits(max_connections=256)
        async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:

            async def conversation(key: str, steps: list) -> None:  # type: ignore[type-arg]
                for step, at in zip(steps, due[key], strict=True):
                    await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
                    copies = 2 if step.race_repeat else 1
                    await asyncio.gather(
                        *(self.deliver(client, step.delivery) for _ in range(copies))
                    )

            await asyncio.gather(
                *(conversation(key, steps) for key, steps in plan.conversations.items())
            )
        self.report.seconds = time.perf_counter() - started


async def one_run(
    database_url: str,
    processes: int,
    rate: float,
    seconds: float,
    extra_env: dict[str, str] | None = None,
    turn_processes: int = 0,
) -> dict:
    """Run the load against `processes` app processes (with `turn_processes`, those take the
    webhooks only and that many more run the turns); return the measurements."""
    deliveries = int(rate * seconds)
    conversations = max(10, deliveries // 10)
    plan = make_plan(conversations=conversations, deliveries=deliveries, seed=processes)
    await reset_database(database_url)
    fakes = ProviderFakes()
    await fakes.start()
    workdir = Path(tempfile.mkdtemp(prefix=f"rumbo-load-{processes}-"))
    cluster = Cluster(workdir, database_url, fakes, extra_env=dict(extra_env or {}))
    try:
        await asyncio.to_thread(cluster.prepare, ROOT / "var" / "bench-load")
        await cluster.start(processes, turn_processes=turn_processes)
        every = [*cluster.processes, *cluster.turn_processes]
        cpu_before = sum(p.cpu_seconds() for p in every)
        webhook_cpu_before = sum(p.cpu_seconds() for p in cluster.processes)
        driver = PacedDriver(cluster.signer, cluster.live_urls, rate=rate)
        started = time.perf_counter()
        await driver.run_paced(plan)
        drained = await cluster.drain(limit=120, quiet=1.0)
        wall = time.perf_counter() - started - 1.0  # minus the quiet second drain waits
        cpu = sum(p.cpu_seconds() for p in every) - cpu_before
        webhook_cpu = sum(p.cpu_seconds() for p in cluster.processes) - webhook_cpu_before
        lost, doubled = await count_losses(database_url, plan, fakes)
        replies = fakes.total()
        return {
            "processes": processes,
            "turn processes": turn_processes,
            "offered/s": rate,
            "deliveries": plan.deliveries,
            "accepted/s": driver.report.sent / driver.report.seconds,
            "webhook p50 ms": percentile(driver.report.latencies, 0.5) * 1000,
            "webhook p99 ms": percentile(driver.report.latencies, 0.99) * 1000,
            "replies": replies,
            "turns/s": plan.unique / wall,
            "drain s": drained,
            "cpu %": 100 * cpu / wall,
            "webhook processes cpu %": 100 * webhook_cpu / wall,
            "lost": lost,
            "doubled": doubled,
        }
    finally:
        cluster.stop()
        await fakes.stop()


async def backlog_run(
    database_url: str,
    deliveries: int,
    turn_processes: int,
    extra_env: dict[str, str] | None = None,
) -> dict:
    """A turn process's capacity, apart from the driver's: one process takes the webhooks only
    while no turn runs (the queue fills), then `turn_processes` start and work the backlog off.
    Turns/s is the unique messages over the time from their start until the last reply reached
    the fakes; the driver and the webhook process sit idle meanwhile."""
    conversations = max(10, deliveries // 10)
    plan = make_plan(conversations=conversations, deliveries=deliveries, seed=7)
    await reset_database(database_url)
    fakes = ProviderFakes()
    await fakes.start()
    workdir = Path(tempfile.mkdtemp(prefix="rumbo-backlog-"))
    cluster = Cluster(workdir, database_url, fakes, extra_env=dict(extra_env or {}))
    try:
        await asyncio.to_thread(cluster.prepare, ROOT / "var" / "bench-load")
        await cluster.start_webhooks(1, webhooks_only=True)
        driver = Driver(cluster.signer, cluster.live_urls, concurrency=32)
        await driver.run(plan)
        stored, _ = await backlog(database_url)
        await cluster.start_turns(turn_processes)
        cpu_before = sum(p.cpu_seconds() for p in cluster.turn_processes)
        started = time.perf_counter()
        await cluster.drain(limit=600, quiet=1.0)
        wall = time.perf_counter() - started - 1.0  # minus the quiet second drain waits
        cpu = sum(p.cpu_seconds() for p in cluster.turn_processes) - cpu_before
        lost, doubled = await count_losses(database_url, plan, fakes)
        return {
            "turn processes": turn_processes,
            "backlog": stored,
            "unique messages": plan.unique,
            "drain s": wall,
            "turns/s": plan.unique / wall,
            "cpu % of the turn processes": 100 * cpu / wall,
            "cpu ms per turn": 1000 * cpu / plan.unique,
            "lost": lost,
            "doubled": doubled,
        }
    finally:
        cluster.stop()
        await fakes.stop()


async def count_losses(database_url: str, plan: Plan, fakes: ProviderFakes) -> tuple[int, int]:
    """Lost and doubled, from the database's own record: every unique delivery must be a
    processed inbound message, every stored reply must reach the provider exactly once."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            inbound = await conn.scalar(
                text(
                    "SELECT count(*) FROM messages WHERE direction = 'in' AND status = 'processed'"
                )
            )
            outbound = await conn.scalar(
                text("SELECT count(*) FROM messages WHERE direction = 'out'")
            )
    finally:
        await engine.dispose()
    received = fakes.total()
    lost = max(0, plan.unique - int(inbound or 0)) + max(0, int(outbound or 0) - received)
    doubled = max(0, int(inbound or 0) - plan.unique) + max(0, received - int(outbound or 0))
    return lost, doubled


def machine() -> str:
    """CPU model and count, for the results file."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rate", type=float, default=40.0, help="offered deliveries per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the app processes, e.g. RUMBO_TURN_CONCURRENCY=4 (repeatable)",
    )
    parser.add_argument(
        "--turn-processes",
        type=int,
        default=0,
        help="run the turns in this many processes of their own (the others take webhooks only)",
    )
    parser.add_argument(
        "--backlog",
        type=int,
        default=0,
        metavar="N",
        help="instead: queue N deliveries with no turn running, then time --turn-processes "
        "(at least 1) working them off",
    )
    args = parser.parse_args()
    extra_env = dict(item.split("=", 1) for item in args.env)
    url = os.environ.get("RUMBO_BENCH_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        sys.exit("set RUMBO_BENCH_DATABASE_URL to a PostgreSQL database it may reset")
    settings = "".join(f"; {name}={value}" for name, value in sorted(extra_env.items()))
    if args.backlog:
        print(f"# {machine()}; a backlog of {args.backlog} deliveries{settings}")
        result = await backlog_run(url, args.backlog, max(1, args.turn_processes), extra_env)
        print(_line(result), flush=True)
        return
    print(f"# {machine()}; offered {args.rate}/s for {args.seconds} s{settings}")
    for count in args.processes:
        result = await one_run(url, count, args.rate, args.seconds, extra_env, args.turn_processes)
        print(_line(result), flush=True)


def _line(result: dict) -> str:
    return " | ".join(
        f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()
    )


if __name__ == "__main__":
    asyncio.run(main())
