"""Shared by the browser tests: a uvicorn server on 127.0.0.1, Debian's Chromium, and the
checks every page must pass (no sideways overflow, touch targets of at least 44 px)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator
from typing import Any

import uvicorn

from bot.runtime import Runtime
from bot.web.app import create_app
from tests.conftest import ROOT, chromium_path, need

SHOTS = ROOT / os.environ.get("RUMBO_SCREENSHOT_DIR", "tests/artifacts")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
MIN_TARGET = 44

# Every visible control smaller than 44 px (a checkbox or radio counts by its label), and how
# far the page reaches past the viewport sideways.
TARGETS_JS = """
() => {
  const small = [];
  const seen = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const controls = 'a[href], button, input, select, textarea, summary';
  for (const el of document.querySelectorAll(controls)) {
    if (el.type === 'hidden' || !seen(el) || el.closest('.sr')) continue;
    const box = (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label') : el;
    const r = box.getBoundingClientRect();
    if (r.height < MIN - 0.5 || (el.tagName === 'BUTTON' && r.width < MIN - 0.5)) {
      const name = (el.textContent || el.name || '').trim().slice(0, 30);
      const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
      small.push(`${el.tagName.toLowerCase()} "${name}" ${size}`);
    }
  }
  return small;
}
""".replace("MIN", str(MIN_TARGET))
OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The widest elements that reach past the right edge (to say what overflows).
WIDE_JS = """
() => { const w = document.documentElement.clientWidth; const out = [];
  for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect();
    if (r.right > w + 0.5) out.push(`${el.tagName}.${el.className} ${Math.round(r.right)}`); }
  return out.slice(0, 6); }
"""


async def check_layout(page: Any, where: str) -> None:
    """No sideways scrolling and no control under 44 px on the page as it is now."""
    overflow = await page.evaluate(OVERFLOW_JS)
    wide = await page.evaluate(WIDE_JS) if overflow > 0 else []
    assert overflow <= 0, f"{where}: the page is {overflow} px wider than the screen: {wide}"
    small = await page.evaluate(TARGETS_JS)
    assert not small, f"{where}: touch targets under {MIN_TARGET} px: {small}"


@contextlib.asynccontextmanager
async def serve(runtime: Runtime) -> AsyncIterator[str]:
    """The whole app served by uvicorn on a free port of 127.0.0.1."""
    app = create_app(runtime.settings, runtime=runtime, migrate=False)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    task = asyncio.create_task(uv.serve(sockets=[sock]))
    async with asyncio.timeout(10):
        while not uv.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
            await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        await task
        sock.close()


@contextlib.asynccontextmanager
async def browser() -> AsyncIterator[Any]:
    """Debian's Chromium through Playwright; never a downloaded browser."""
    executable = chromium_path()
    need(executable is not None, "Debian's chromium is not installed (apt-get install chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


async def new_page(launched: Any, viewport: dict[str, int], *, scale: float = 1) -> Any:
    """A page of a fresh context (its own cookies) at one viewport."""
    context = await launched.new_context(viewport=viewport, device_scale_factor=scale)
    return await context.new_page()
