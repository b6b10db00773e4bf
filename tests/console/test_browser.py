"""The console in a real browser (Debian's headless Chromium): sign in, claim, reply, close.

Saves console-queue.png (with an urgent ticket) and console-conversation.png into
tests/artifacts/ (git-ignored). To refresh the README's pictures in docs/screenshots/, run with
RUMBO_SCREENSHOT_DIR=docs/screenshots.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import uvicorn

from bot import gsm7
from bot.channels.outbox import Outbox
from bot.runtime import Runtime
from bot.storage.models import CannedReply, Ticket, utcnow
from bot.web.app import create_app
from tests.conftest import ROOT, Person, chromium_path, need
from tests.console.conftest import PASSWORD, RecordingSender

pytestmark = pytest.mark.browser

SHOTS = ROOT / os.environ.get("RUMBO_SCREENSHOT_DIR", "tests/artifacts")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
async def server(sqlite_runtime: Runtime, accounts: dict[str, int]) -> AsyncIterator[str]:
    """The whole app served by uvicorn on a free port of 127.0.0.1."""
    app = create_app(sqlite_runtime.settings, runtime=sqlite_runtime, migrate=False)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    task = asyncio.create_task(uv.serve(sockets=[sock]))
    async with asyncio.timeout(10):
        while not uv.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
            await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    await task
    sock.close()


@pytest.fixture
async def page(server: str) -> AsyncIterator[object]:
    """A Chromium page; never a downloaded browser."""
    executable = chromium_path()
    need(executable is not None, "Debian's chromium is not installed (apt-get install chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1280, "height": 860})
        yield await context.new_page()
        await browser.close()


async def seed(runtime: Runtime) -> dict[str, int]:
    """Three people waiting, one of them in danger; a canned reply in Spanish."""
    urgent = await Person(runtime, "sms", "+593991234567").says(
        "mi pareja me pega y tengo miedo, ayuda"
    )
    asked = await Person(runtime, "telegram", "812345678").says("quiero hablar con una persona")
    visa = Person(runtime, "web", "w-browser")
    await visa.says("como saco la visa mercosur?")
    later = await visa.says("HUMANO")
    async with runtime.db.sessions.begin() as session:
        for conversation_id, minutes in ((asked.conversation_id, 42), (later.conversation_id, 7)):
            ticket = await session.scalar(
                Ticket.__table__.select().where(Ticket.conversation_id == conversation_id)
            )
            await session.execute(
                Ticket.__table__.update()
                .where(Ticket.id == ticket)
                .values(created_at=utcnow() - timedelta(minutes=minutes))
            )
        session.add(
            CannedReply(
                lang="es",
                title="Presentación",
                text="Hola, te escribe el equipo de la Unidad de Movilidad Humana.",
            )
        )
    return {"urgent": urgent.conversation_id or 0, "asked": asked.conversation_id or 0}


async def test_sign_in_claim_reply_close(page, server: str, sqlite_runtime: Runtime) -> None:
    ids = await seed(sqlite_runtime)
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.goto(f"{server}/console")
    assert page.url.endswith("/console/login")
    await page.fill("input[name=email]", "ana@example.org")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_selector("#queue-rows")
    rows = page.locator("#queue-rows tr")
    assert await rows.count() == 3
    assert "urgent" in (await rows.nth(0).get_attribute("class") or "")
    await page.screenshot(path=str(SHOTS / "console-queue.png"), full_page=True)

    # A new person asks while the queue is open: the row appears without a reload.
    newcomer = await Person(sqlite_runtime, "telegram", "899000111").says("HUMANO")
    await page.wait_for_selector(
        f"#queue-rows a[href$='/{newcomer.conversation_id}']", timeout=12_000
    )

    await page.click(f"#queue-rows a[href='/console/conversations/{ids['urgent']}']")
    await page.click("#claim")
    await page.wait_for_selector(".notice")
    assert "claimed" in await page.inner_text(".notice")

    counter = page.locator("#sms-counter")
    long_text = "Hola, ¿cómo estás? Te llamo mañana a las 10 para revisar tu situación. " * 5
    await page.fill("#reply-text", long_text)
    folded = gsm7.transliterate(long_text)
    expected = gsm7.segment_count(folded)
    assert f"{expected} SMS · {gsm7.encoding_of(folded)}" in await counter.inner_text()
    assert expected > 2 and await page.is_disabled("#send-reply")

    await page.fill("#reply-text", "")
    await page.select_option("#canned", label="Presentación")
    text = await page.input_value("#reply-text")
    assert text.startswith("Hola, te escribe el equipo")
    await page.fill("#reply-text", text + " ¿Estás en un lugar seguro ahora?")
    assert "1 SMS · GSM-7" in await counter.inner_text()
    await page.click("#send-reply")
    await page.wait_for_selector(".notice")
    assert "Reply queued" in await page.inner_text(".notice")
    await page.fill("#note-text", "Derivar a Fiscalía si confirma. Llamar mañana.")
    await page.click("text=Save note")
    await page.wait_for_selector(".event.note")
    await page.screenshot(path=str(SHOTS / "console-conversation.png"), full_page=True)

    sender = RecordingSender("sms")
    await Outbox(sqlite_runtime.db, sqlite_runtime.protector, {"sms": sender}).run_once()
    assert sender.sent[0][0] == "+593991234567"
    assert sender.sent[0][1]["body"].endswith("¿Estas en un lugar seguro ahora?")

    await page.select_option("#outcome", "referred")
    await page.click("#close-ticket")
    await page.wait_for_selector(".notice")
    assert "closed" in await page.inner_text(".notice")
    await page.click("text=Queue")
    await page.wait_for_selector("#queue-rows")
    assert await page.locator(f"#queue-rows a[href$='/{ids['urgent']}']").count() == 0
    assert await page.locator("#queue-rows tr").count() == 3
