"""The web chat in a real browser (Debian's headless Chromium) on a 360 px phone, a 1280 px
desktop and at 200% zoom: the greeting in both languages, the privacy line after the buttons,
each new reply scrolled into view, tappable links and phone numbers, `<html lang>` following
the reply, no sideways overflow, no control under 44 px."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.runtime import Runtime
from bot.storage.models import utcnow
from tests.clock import ManualClock
from tests.console.browser_support import (
    DESKTOP,
    SHOTS,
    WIDTHS,
    browser,
    check_layout,
    new_page,
    serve,
)

pytestmark = pytest.mark.browser

# The top of the newest reply, relative to the visible area (between the sticky header and
# the sticky message box).
NEWEST_JS = """
(count) => {
  const bubbles = document.querySelectorAll('#log .msg.bot');
  const el = bubbles[count];
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const header = document.querySelector('header').getBoundingClientRect().bottom;
  const form = document.querySelector('#form').getBoundingClientRect().top;
  return {top: r.top, header: header, bottom: form};
}
"""


@pytest.fixture
async def server(sqlite_runtime: Runtime) -> AsyncIterator[str]:
    # Outside working hours, whatever the hour the suite runs at: "talk to a person" then names
    # a service to contact meanwhile, with its phone as a tel: link (checked below). On the real
    # clock this test passed before 13:00 UTC and failed after.
    sqlite_runtime.engine.clock = ManualClock(utcnow().replace(hour=3, minute=0))
    async with serve(sqlite_runtime) as url:
        yield url


@pytest.fixture
async def chromium() -> AsyncIterator[Any]:
    async with browser() as launched:
        yield launched


async def bot_count(page: Any) -> int:
    return int(await page.locator("#log .msg.bot").count())


async def wait_for_more(page: Any, before: int) -> None:
    """Until a new bot bubble shows (polled: the page's CSP forbids wait_for_function's eval)."""
    async with asyncio.timeout(20):
        while await bot_count(page) <= before:  # noqa: ASYNC110 - polling the browser's DOM
            await asyncio.sleep(0.1)
    await asyncio.sleep(0.2)  # the reply's other bubbles and its scroll


async def assert_newest_in_view(page: Any, index: int) -> None:
    box = await page.evaluate(NEWEST_JS, index)
    assert box is not None
    assert box["header"] - 1 <= box["top"] < box["bottom"], box


async def open_chat(page: Any, server: str) -> None:
    await page.goto(server)
    greeting = await page.inner_text("#greeting")
    assert "Escribe tu pregunta en español o en inglés" in greeting
    assert "Write your question in Spanish or English" in greeting
    await wait_for_more(page, 1)  # the greeting, then the assistant's welcome


@pytest.mark.parametrize("width", ["phone", "desktop"])
async def test_web_chat(chromium: Any, server: str, width: str) -> None:
    page = await new_page(chromium, WIDTHS[width])
    await open_chat(page, server)
    # The welcome's last line introduces the buttons; the privacy line comes after them.
    order = await page.evaluate(
        """() => {
          const box = document.querySelector('#log > .choices');
          const before = box.previousElementSibling, after = box.nextElementSibling;
          return [before.textContent, after ? after.className + '|' + after.textContent : ''];
        }"""
    )
    assert order[0].rstrip().endswith(":"), order
    assert order[1].startswith("note|") and "BORRAR" in order[1], order
    await check_layout(page, f"web chat welcome at {width}")
    await page.screenshot(path=str(SHOTS / f"web-chat-welcome-{width}.png"), full_page=False)

    # Many questions: each new reply is scrolled into view.
    for question in (
        "puedo ir al medico sin cedula?",
        "como saco la visa mercosur?",
        "donde hay ayuda legal en Quito?",
    ):
        before = await bot_count(page)
        await page.fill("#text", question)
        await page.press("#text", "Enter")
        await wait_for_more(page, before)
        await assert_newest_in_view(page, before)
    # A tap on a place: its details come into view, not below the fold, and their phone
    # numbers are tel: links (digits only).
    before = await bot_count(page)
    await page.locator("#log .choices").last.locator("button").first.click()
    await wait_for_more(page, before)
    await assert_newest_in_view(page, before)
    calls = await page.eval_on_selector_all(
        "#log .msg.bot a[href^='tel:']", "els => els.map(e => e.getAttribute('href'))"
    )
    texts = await page.eval_on_selector_all("#log .msg.bot", "els => els.map(e => e.textContent)")
    assert calls and all(re.fullmatch(r"tel:\+?\d{3,}", href) for href in calls), texts[-2:]
    links = await page.eval_on_selector_all(
        "#log .msg.bot a.link", "els => els.map(e => e.getAttribute('href'))"
    )
    assert all(href.startswith("https://") for href in links) and links, links
    await check_layout(page, f"web chat answers at {width}")

    # English: <html lang> follows the reply's language.
    assert await page.get_attribute("html", "lang") == "es"
    before = await bot_count(page)
    await page.fill("#text", "Can I see a doctor without an ID card in Ecuador?")
    await page.press("#text", "Enter")
    await wait_for_more(page, before)
    assert await page.get_attribute("html", "lang") == "en"
    assert await page.locator("#log .msg.bot").last.get_attribute("lang") == "en"
    await check_layout(page, f"web chat in English at {width}")
    await page.screenshot(path=str(SHOTS / f"web-chat-{width}.png"), full_page=False)


async def test_web_chat_at_200_percent_zoom(chromium: Any, server: str) -> None:
    """A 1280 px desktop at 200% zoom is a 640 CSS px viewport at twice the pixel density."""
    zoomed = {"width": DESKTOP["width"] // 2, "height": DESKTOP["height"] // 2}
    page = await new_page(chromium, zoomed, scale=2)
    await open_chat(page, server)
    await check_layout(page, "web chat at 200%")
    before = await bot_count(page)
    await page.click("#languages button[lang=en]")
    await wait_for_more(page, before)
    assert await page.get_attribute("html", "lang") == "en"
    before = await bot_count(page)
    await page.fill("#text", "where can I get legal help in Quito?")
    await page.press("#text", "Enter")
    await wait_for_more(page, before)
    await assert_newest_in_view(page, before)
    await check_layout(page, "web chat answer at 200%")
