"""The production topology without containers: PostgreSQL, fake Telegram and Twilio servers, and
N `rumbo serve` processes sharing one database (what docker-compose runs, minus Docker).

Used by the multi-process test and by benchmarks/load.py.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.production.fakes import ProviderFakes
from tests.production.processes import ROOT, AppProcess, base_env, run_cli
from tests.production.traffic import Plan, Signer

PUBLIC_URL = "https://rumbo.invalid"
SECRET_KEY = "production-test-secret-0123456789-abcdefghij"
TELEGRAM_SECRET = "webhook-secret_for-tests"
ACCOUNT_SID = "AC" + "0" * 31 + "8"
TWILIO_TOKEN = "twilio-auth-token-for-tests"
TWILIO_FROM = "+15005550006"


async def reset_database(url: str) -> None:
    """An empty public schema, so migrations run from scratch."""
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def backlog(url: str) -> tuple[int, int]:
    """(inbound deliveries not yet processed, replies not yet sent) in the database."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            pending = await conn.scalar(
                text("SELECT count(*) FROM inbound_events WHERE status = 'pending'")
            )
            unreceived = await conn.scalar(
                text(
                    "SELECT count(*) FROM messages m WHERE m.direction = 'in' "
                    "AND m.status = 'received'"
                )
            )
            queued = await conn.scalar(
                text(
                    "SELECT count(*) FROM messages WHERE direction = 'out' "
                    "AND status IN ('queued', 'sending')"
                )
            )
    finally:
        await engine.dispose()
    return int(pending or 0) + int(unreceived or 0), int(queued or 0)


@dataclass
class Cluster:
    """Everything a multi-process run needs, in one temp folder."""

    workdir: Path
    database_url: str
    fakes: ProviderFakes
    processes: list[AppProcess] = field(default_factory=list)
    extra_env: dict[str, str] = field(default_factory=dict)
    turn_processes: list[AppProcess] = field(default_factory=list)

    @property
    def signer(self) -> Signer:
        """Signs deliveries for these processes' secrets."""
        return Signer(PUBLIC_URL, TELEGRAM_SECRET, TWILIO_TOKEN, ACCOUNT_SID, TWILIO_FROM)

    def env(self) -> dict[str, str]:
        """The environment of every app process (as docker-compose sets it)."""
        return (
            base_env(
                RUMBO_DATABASE_URL=self.database_url,
                RUMBO_VAR_DIR=str(self.workdir / "var"),
                RUMBO_KB_DIR=str(ROOT / "knowledge_base"),
                RUMBO_NLU_DIR=str(ROOT / "nlu"),
                RUMBO_SECRET_KEY=SECRET_KEY,
                RUMBO_PUBLIC_URL=PUBLIC_URL,
                TELEGRAM_BOT_TOKEN=self.fakes.telegram_token,
                RUMBO_TELEGRAM_SECRET=TELEGRAM_SECRET,
                RUMBO_TELEGRAM_API_URL=self.fakes.telegram_url,
                TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
                RUMBO_TWILIO_FROM=TWILIO_FROM,
                RUMBO_TWILIO_API_URL=self.fakes.twilio_url,
                RUMBO_LOG_JSON="true",
                RUMBO_OUTBOX_INTERVAL="0.2",
            )
            | self.extra_env
        )

    def prepare(self, var_dir: Path | None = None) -> None:
        """Migrate once (compose's `migrate` service) and train the NLU model once."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = self.env()
        if var_dir is not None:
            env["RUMBO_VAR_DIR"] = str(var_dir)
            self.extra_env["RUMBO_VAR_DIR"] = str(var_dir)
        run_cli(["db", "upgrade"], env=env, cwd=self.workdir)
        run_cli(["train", "--if-stale"], env=env, cwd=self.workdir)

    async def start(self, count: int, *, turn_processes: int = 0) -> None:
        """Start `count` app processes and wait until each is ready (and have Twilio's status
        reports reach them). With `turn_processes`, the `count` processes only take webhooks
        (RUMBO_RUN_WORKERS=false) and that many more run the turns and send the replies, woken
        by NOTIFY: no webhook shares its interpreter with a turn."""
        await self.start_webhooks(count, webhooks_only=bool(turn_processes))
        await self.start_turns(turn_processes)

    async def start_webhooks(self, count: int, *, webhooks_only: bool) -> None:
        """Start `count` app processes (taking webhooks only, when told) and wait until each is
        ready."""
        self.fakes.report_deliveries(TWILIO_TOKEN, self.live_urls)
        only = {"RUMBO_RUN_WORKERS": "false"} if webhooks_only else {}
        started = []
        for index in range(count):
            process = AppProcess(f"app{index + 1}", self.env() | only, self.workdir)
            process.start()
            started.append(process)
        self.processes.extend(started)
        await asyncio.gather(*(p.wait_ready() for p in started))

    async def start_turns(self, count: int) -> None:
        """Start `count` processes that run the turns and send the replies, and wait until each
        is ready."""
        started = []
        for index in range(len(self.turn_processes), len(self.turn_processes) + count):
            process = AppProcess(f"turns{index + 1}", self.env(), self.workdir)
            process.start()
            started.append(process)
        self.turn_processes.extend(started)
        await asyncio.gather(*(p.wait_ready() for p in started))

    def live_urls(self) -> list[str]:
        """Base URLs of the processes that take webhooks and are running now."""
        return [p.url for p in self.processes if p.alive]

    async def drain(self, *, limit: float, quiet: float = 1.5) -> float:
        """Wait until nothing is pending in the database and the fakes got nothing new for a
        moment; return the seconds waited. Raise TimeoutError with the backlog if it never is."""
        started = time.monotonic()
        last_count, last_change = -1, time.monotonic()
        while True:
            inbound, outbound = await backlog(self.database_url)
            count = self.fakes.total()
            if count != last_count:
                last_count, last_change = count, time.monotonic()
            if inbound == 0 and outbound == 0 and time.monotonic() - last_change >= quiet:
                return time.monotonic() - started
            if time.monotonic() - started > limit:
                raise TimeoutError(
                    f"backlog after {limit} s: {inbound} inbound, {outbound} outbound"
                )
            await asyncio.sleep(0.25)

    def stop(self) -> None:
        """Stop every process (gracefully)."""
        for process in [*self.processes, *self.turn_processes]:
            process.stop()


async def nlu_parses(urls: list[str]) -> dict[str, int]:
    """Parses by NLU backend, summed over the live processes' /metrics (a process killed earlier
    took its counts with it)."""
    totals: dict[str, int] = defaultdict(int)
    async with httpx.AsyncClient(timeout=5.0) as client:
        for url in urls:
            body = (await client.get(f"{url}/metrics")).text
            for line in body.splitlines():
                if line.startswith("rumbo_nlu_parses_total{"):
                    backend = line.split('backend="', 1)[1].split('"', 1)[0]
                    totals[backend] += int(float(line.rsplit(" ", 1)[1]))
    return dict(totals)


def replies_by_conversation(plan: Plan, fakes: ProviderFakes) -> dict[str, list[str]]:
    """What each conversation received, in the order the fake servers got it."""
    owner = {
        (steps[0].delivery.channel, steps[0].delivery.address): key
        for key, steps in plan.conversations.items()
    }
    result: dict[str, list[str]] = defaultdict(list)
    for channel, address, body in fakes.received():
        result[owner.get((channel, address), f"unknown:{channel}")].append(body)
    return dict(result)
