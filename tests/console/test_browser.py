"""The console in a real browser (Debian's headless Chromium), in Spanish, on a 360 px phone
and a 1280 px desktop: sign in, triage the queue, claim, reply, note and close; no sideways
overflow and no control under 44 px on any page.

Screenshots go to tests/artifacts/ (git-ignored); RUMBO_SCREENSHOT_DIR=docs/screenshots
refreshes the README's pictures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot import gsm7
from bot.channels.outbox import Outbox
from bot.runtime import Runtime
from bot.storage.models import CannedReply, Ticket, utcnow
from tests.conftest import Person
from tests.console.browser_support import (
    SHOTS,
    WIDTHS,
    browser,
    check_layout,
    new_page,
    serve,
)
from tests.console.conftest import PASSWORD, RecordingSender

pytestmark = pytest.mark.browser


@pytest.fixture
async def server(sqlite_runtime: Runtime, accounts: dict[str, int]) -> AsyncIterator[str]:
    async with serve(sqlite_runtime) as url:
        yield url


@pytest.fixture
async def chromium() -> AsyncIterator[Any]:
    async with browser() as launched:
        yield launched


async def seed(runtime: Runtime) -> dict[str, int]:
    """Three people waiting, one of them in danger; a canned reply in Spanish."""
    urgent = await Person(runtime, "sms", "+593991234567").says(
        "mi pareja me pega y tengo miedo, ayuda. mi numero es 0991234567"
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


async def sign_in(page: Any, server: str, email: str) -> None:
    await page.goto(f"{server}/console")
    assert page.url.endswith("/console/login")
    assert await page.get_attribute("html", "lang") == "es"
    await check_layout(page, "login")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button:has-text('Iniciar sesión')")
    await page.wait_for_selector("#queue-rows")


@pytest.mark.parametrize("width", ["phone", "desktop"])
async def test_claim_reply_close(
    chromium: Any, server: str, sqlite_runtime: Runtime, width: str
) -> None:
    ids = await seed(sqlite_runtime)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = await new_page(chromium, WIDTHS[width])
    await sign_in(page, server, "ana@example.org")

    # The queue, in Spanish, triaged at a glance.
    rows = page.locator("#queue-rows tr")
    assert await rows.count() == 3
    first = rows.nth(0)
    assert "urgent" in (await first.get_attribute("class") or "")
    text = await first.inner_text()
    assert "violencia" in text  # the danger category, not just "danger"
    assert "0991234567" not in text and "•••" in text  # the preview, numbers masked
    assert "SMS" in text and "ES" in text
    assert await page.is_visible("#queue-rows tr:first-child button:has-text('Tomar')")
    await check_layout(page, f"queue at {width}")
    await page.screenshot(path=str(SHOTS / f"console-queue-{width}.png"), full_page=True)

    # A new person asks while the queue is open: the row appears without a reload.
    newcomer = await Person(sqlite_runtime, "telegram", "899000111").says("HUMANO")
    await page.wait_for_selector(
        f"#queue-rows a[href$='/{newcomer.conversation_id}']", timeout=12_000
    )

    # Claim straight from the queue, then open the conversation.
    await page.click("#queue-rows tr:first-child button:has-text('Tomar')")
    await page.wait_for_selector(".notice")
    assert "asignado" in await page.inner_text(".notice")
    assert page.url.split("?")[0].endswith(f"/console/conversations/{ids['urgent']}")
    assert "ES" in await page.inner_text("#person-lang")
    await check_layout(page, f"conversation at {width}")

    counter = page.locator("#sms-counter")
    long_text = "Hola, ¿cómo estás? Te llamo mañana a las 10 para revisar tu situación. " * 5
    await page.fill("#reply-text", long_text)
    folded = gsm7.transliterate(long_text)
    expected = gsm7.segment_count(folded)
    assert f"{expected} SMS · {gsm7.encoding_of(folded)}" in await counter.inner_text()
    assert "demasiado largo" in await counter.inner_text()
    assert expected > 2 and await page.is_disabled("#send-reply")

    await page.fill("#reply-text", "")
    await page.select_option("#canned", label="Presentación")
    reply = await page.input_value("#reply-text")
    assert reply.startswith("Hola, te escribe el equipo")
    await page.fill("#reply-text", reply + " ¿Estás en un lugar seguro ahora?")
    assert "1 SMS · GSM-7" in await counter.inner_text()
    await page.click("#send-reply")
    await page.wait_for_selector(".notice")
    assert "Respuesta en cola" in await page.inner_text(".notice")
    await page.fill("#note-text", "Derivar a Fiscalía si confirma. Llamar mañana.")
    await page.click("#save-note")
    await page.wait_for_selector(".event.note")
    await check_layout(page, f"conversation after reply at {width}")
    await page.screenshot(path=str(SHOTS / f"console-conversation-{width}.png"), full_page=True)

    sender = RecordingSender("sms")
    await Outbox(sqlite_runtime.db, sqlite_runtime.protector, {"sms": sender}).run_once()
    assert sender.sent[0][0] == "+593991234567"
    assert sender.sent[0][1]["body"].endswith("¿Estas en un lugar seguro ahora?")

    await page.select_option("#outcome", "referred")
    await page.click("#close-ticket")
    await page.wait_for_selector(".notice")
    assert "cerrado" in await page.inner_text(".notice")
    await page.click("header a:has-text('Cola')")
    await page.wait_for_selector("#queue-rows")
    assert await page.locator(f"#queue-rows a[href$='/{ids['urgent']}']").count() == 0
    assert await page.locator("#queue-rows tr").count() == 3


async def test_english_per_account(chromium: Any, server: str, sqlite_runtime: Runtime) -> None:
    await seed(sqlite_runtime)
    page = await new_page(chromium, WIDTHS["phone"])
    await sign_in(page, server, "luis@example.org")
    await page.click("button:has-text('English')")
    await page.wait_for_selector(".notice")
    assert await page.get_attribute("html", "lang") == "en"
    assert "Language saved." in await page.inner_text(".notice")
    assert await page.is_visible("#queue-rows tr:first-child button:has-text('Claim')")
    assert "violence" in await page.inner_text("#queue-rows tr:first-child")
    await check_layout(page, "queue in English")
