"""Telegram webhook throughput and latency under a bounded local load.

Run: .venv/bin/python benchmarks/telegram_webhook.py [--updates 2000] [--chats 200]
     [--concurrency 32] [--database-url URL]

The real app (uvicorn, one process) and a fake Bot API both listen on 127.0.0.1 only. A client
posts `--updates` distinct text updates spread over `--chats` private chats, at most
`--concurrency` in flight. Measured: the webhook's answer (authenticate, validate, store, 200):
p50/p99 and requests per second; then the time until every update was processed and every reply
reached the fake Bot API (end-to-end throughput). Add `--database-url postgresql+asyncpg://...`
to run on PostgreSQL instead of a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "puedo ir al medico sin cedula",
    "como saco la visa",
    "mi jefe no me paga",
    "donde estudian mis hijos",
    "abogado gratis en quito",
    "hola",
    "can I work with a tourist visa",
    "que es el refugio",
]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def update(n: int, chats: int) -> bytes:
    """A synthetic private text update (Bot API `Update` shape)."""
    chat = 500_000_000 + n % chats
    return json.dumps(
        {
            "update_id": 800_000_000 + n,
            "message": {
                "message_id": n + 1,
                "from": {"id": chat, "is_bot": False, "first_name": "B", "language_code": "es"},
                "chat": {"id": chat, "first_name": "B", "type": "private"},
                "date": 1767225600,
                "text": QUESTIONS[n % len(QUESTIONS)],
            },
        }
    ).encode()


async def run(args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    import httpx
    import uvicorn

    from bot.config import Settings
    from bot.web.app import create_app
    from tests.channels.telegram.fake_bot_api import running_fake

    secret = "bench_secret_0123456789"
    async with running_fake() as fake:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            database_url=args.database_url or f"sqlite+aiosqlite:///{tmp / 'bench.db'}",
            var_dir=ROOT / "var",  # reuse the trained model
            kb_dir=ROOT / "knowledge_base",
            nlu_dir=ROOT / "nlu",
            secret_key="bench-secret-key-not-for-production-0123456789",
            telegram_bot_token=fake.token,
            telegram_secret=secret,
            telegram_api_url=fake.base_url,
            public_url="https://rumbo.example.org",
            outbox_interval=0.2,
        )
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        app = create_app(settings)
        server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False))
        serving = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:  # noqa: ASYNC110 - uvicorn offers no start-up event
            await asyncio.sleep(0.05)

        latencies: list[float] = []
        limit = asyncio.Semaphore(args.concurrency)
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
        url = f"http://127.0.0.1:{port}/webhooks/telegram"
        async with httpx.AsyncClient(
            limits=httpx.Limits(max_connections=args.concurrency), timeout=30
        ) as client:

            async def post(n: int) -> None:
                async with limit:
                    started = time.perf_counter()
                    response = await client.post(
                        url, content=update(n, args.chats), headers=headers
                    )
                    latencies.append(time.perf_counter() - started)
                    assert response.status_code == 200, response.status_code

            began = time.perf_counter()
            await asyncio.gather(*(post(n) for n in range(args.updates)))
            accepted = time.perf_counter() - began
            runtime = app.state.runtime
            async with asyncio.timeout(max(60, args.updates)):
                while await _backlog(runtime):  # noqa: ASYNC110 - polling the database
                    await asyncio.sleep(0.1)
            finished = time.perf_counter() - began
            replies = len(fake.sent())
        server.should_exit = True
        await serving
    return {
        "updates": args.updates,
        "chats": args.chats,
        "concurrency": args.concurrency,
        "webhook_p50_ms": percentile(latencies, 0.5) * 1000,
        "webhook_p99_ms": percentile(latencies, 0.99) * 1000,
        "webhook_mean_ms": statistics.fmean(latencies) * 1000,
        "accepted_per_s": args.updates / accepted,
        "processed_per_s": args.updates / finished,
        "all_replied_s": finished,
        "replies_sent": replies,
    }


async def _backlog(runtime) -> int:  # type: ignore[no-untyped-def]
    """Updates not yet processed plus replies not yet delivered."""
    from sqlalchemy import func, select

    from bot.storage.models import InboundEvent, Message

    async with runtime.db.sessions() as session:
        events = await session.scalar(
            select(func.count()).select_from(InboundEvent).where(InboundEvent.status == "pending")
        )
        replies = await session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.direction == "out", Message.status.in_(("queued", "sending")))
        )
    return int(events or 0) + int(replies or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = asyncio.run(run(args, Path(tmp)))
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    for key, value in figures.items():
        print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    main()
