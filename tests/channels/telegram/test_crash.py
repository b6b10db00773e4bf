"""Kill `rumbo serve` between the 200 and the reply; after a restart the reply is sent.

A real subprocess, a real SIGKILL: the fake Bot API holds the first sendMessage open so the
process dies with the update acknowledged and the reply not yet delivered. The restarted
process sends it once the dead process' outbox lease has run out (RUMBO_OUTBOX_LEASE_SECONDS=5
here, 60 s by default).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import httpx
import pytest

from bot.understanding.embedded import EmbeddedModel
from tests.channels.telegram.conftest import HEADERS, SECRET, fixture_bytes
from tests.channels.telegram.fake_bot_api import Failure, FakeBotApi
from tests.conftest import ROOT, TEST_SECRET

RUMBO = Path(sys.executable).parent / "rumbo"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def serve(env: dict[str, str], port: int) -> asyncio.subprocess.Process:
    """Start `rumbo serve` and wait until /healthz answers."""
    process = await asyncio.create_subprocess_exec(
        str(RUMBO),
        "serve",
        "--port",
        str(port),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    async with httpx.AsyncClient() as client, asyncio.timeout(60):
        while True:
            try:
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return process
            except httpx.TransportError:
                pass
            assert process.returncode is None, "rumbo serve exited"
            await asyncio.sleep(0.2)


@pytest.mark.slow
async def test_a_reply_cut_off_by_sigkill_is_sent_after_restart(
    tmp_path: Path, fake: FakeBotApi, nlu_model: EmbeddedModel
) -> None:
    nlu_model.save(tmp_path / "var" / "nlu" / "model.pkl")  # spare the subprocess the training
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RUMBO_", "TELEGRAM_"))},
        "TELEGRAM_BOT_TOKEN": fake.token,
        "RUMBO_TELEGRAM_SECRET": SECRET,
        "RUMBO_TELEGRAM_API_URL": fake.base_url,
        "RUMBO_PUBLIC_URL": "https://rumbo.example.org",
        "RUMBO_SECRET_KEY": TEST_SECRET,
        "RUMBO_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'rumbo.db'}",
        "RUMBO_VAR_DIR": str(tmp_path / "var"),
        "RUMBO_KB_DIR": str(ROOT / "knowledge_base"),
        "RUMBO_NLU_DIR": str(ROOT / "nlu"),
        "RUMBO_OUTBOX_INTERVAL": "0.2",
        "RUMBO_OUTBOX_LEASE_SECONDS": "5",
    }
    port = free_port()
    fake.fail("sendMessage", Failure(delay=120))  # the reply hangs in flight...
    first = await serve(env, port)
    try:
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{port}/webhooks/telegram",
                content=fixture_bytes("text.json"),
                headers=HEADERS,
            )
        assert response.status_code == 200
        await fake.wait_for("sendMessage", within=20)
    finally:
        first.send_signal(signal.SIGKILL)  # ...and the process dies
        await first.wait()
    assert first.returncode == -signal.SIGKILL
    fake.failures.clear()
    attempts_before = len(fake.sent())

    second = await serve(env, port)
    try:
        await fake.wait_for("sendMessage", attempts_before + 1, within=120)
        await asyncio.sleep(1.0)  # nothing else follows
    finally:
        second.send_signal(signal.SIGTERM)
        await second.wait()
    delivered = fake.sent()[attempts_before:]
    assert {m["chat_id"] for m in delivered} == {"100000001"}
    assert len(delivered) == 1, "one message: the answer with the privacy notice"
    assert delivered[0]["text"] == fake.sent()[0]["text"], "the cut-off reply, sent again"
    assert "<b>" in delivered[0]["text"]
