"""The quality loop's figures (#18): groups of fewer than 5 people suppressed, content gaps
masked and only for 5+ people, never exported, removed by retention; the "Calidad" page from a
seeded run of conversations, in a real browser at 360 and 1280 px."""

from __future__ import annotations

import csv
import io
import os
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot.quality import report, similar
from bot.quality.demo import GAPS, seed
from bot.quality.models import TurnStat, Unanswered
from bot.runtime import Runtime
from bot.storage.models import utcnow
from bot.storage.retention import run_retention
from bot.web.app import create_app
from tests.console.browser_support import SHOTS, WIDTHS, browser, check_layout, new_page, serve
from tests.console.conftest import PASSWORD, sign_in


async def add_turns(runtime: Runtime, topic: str, people: int) -> None:
    async with runtime.db.sessions.begin() as session:
        for n in range(people):
            session.add(
                TurnStat(
                    day=utcnow().date().isoformat(),
                    channel="web",
                    lang="es",
                    flow="article",
                    topic=topic,
                    person=f"p-{topic}-{n}",
                )
            )


async def test_small_groups_are_suppressed_on_the_page_and_in_the_csv(
    sqlite_runtime: Runtime,
) -> None:
    await add_turns(sqlite_runtime, "health", 6)
    await add_turns(sqlite_runtime, "work", 3)
    async with sqlite_runtime.db.sessions() as session:
        built = await report.build(session)
    topics = {row.label: (row.count, row.people) for row in built.by_topic}
    assert topics == {"health": (6, 6), "work": (None, None)}
    rows = report.csv_rows(built)
    assert ["topic", "health", "6", "6"] in rows
    assert not any(row[1] == "work" for row in rows)


def test_questions_are_grouped_by_similarity() -> None:
    rows = [(text, f"p{n}") for n, text in enumerate(GAPS[0] + GAPS[1])]
    groups = similar.group_questions(rows)
    assert [g.people for g in groups] == [len(GAPS[0]), len(GAPS[1])]
    assert "banc" in groups[0].example and "dinero" in groups[1].example


async def test_gaps_need_five_people_are_never_exported_and_expire(
    sqlite_runtime: Runtime,
) -> None:
    async with sqlite_runtime.db.sessions.begin() as session:
        for n, text in enumerate((GAPS[0] * 2)[:6]):  # six people
            session.add(Unanswered(text=text, lang="es", channel="sms", person=f"a{n}"))
        for _ in range(4):  # one person four times: still fewer than five people
            session.add(Unanswered(text=GAPS[1][0], lang="es", channel="sms", person="b"))
    async with sqlite_runtime.db.sessions() as session:
        built = await report.build(session)
    assert len(built.gaps) == 1 and built.gaps[0][1] == 6
    assert not any("banco" in cell for row in report.csv_rows(built) for cell in row)
    later = utcnow() + timedelta(days=sqlite_runtime.settings.retention_days + 1)
    await run_retention(
        sqlite_runtime.db, retention_days=sqlite_runtime.settings.retention_days, now=later
    )
    async with sqlite_runtime.db.sessions() as session:
        assert list(await session.scalars(select(Unanswered))) == []


@pytest.fixture
async def seeded(sqlite_runtime: Runtime, accounts: dict[str, int]) -> Runtime:
    done = await seed(sqlite_runtime, people=int(os.environ.get("RUMBO_SEED_PEOPLE", "45")))
    assert done.ratings > 5 and done.tickets > 5
    return sqlite_runtime


async def test_seeded_run_fills_the_page_and_the_csv(seeded: Runtime) -> None:
    async with seeded.db.sessions() as session:
        built = await report.build(session, wait_target=60)
        stored = list(await session.scalars(select(Unanswered.text)))
    assert built.turns > 60 and built.people and built.people >= 40
    assert sum(1 for row in built.by_day if row.count) >= 3 and built.by_channel
    assert built.by_topic and any(row.label == "EC-P" and row.count for row in built.by_province)
    assert built.fallback_rate is not None and built.clarify_rate is not None
    assert built.waits.median is not None and built.waits.p90 is not None
    assert any(row.down for row in built.articles) and any(row.flags for row in built.articles)
    assert built.gaps, "the seeded gaps reach 5 people"
    # Masked when stored: no number, no name given, no e-mail.
    assert stored and all("0991234567" not in t for t in stored)
    app = create_app(seeded.settings, runtime=seeded, migrate=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await sign_in(client, "ana@example.org")
            assert (await client.get("/console/quality")).status_code == 403
            client.cookies.clear()
            await sign_in(client, "sofia@example.org")
            page = await client.get("/console/quality")
            assert page.status_code == 200 and "<svg" in page.text and "Calidad" in page.text
            exported = await client.get("/console/quality.csv?days=30")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == ["section", "group", "count", "people"]
    assert all(int(r[3]) >= 5 for r in rows[1:] if r[3])
    assert "banco" not in exported.text and "dinero" not in exported.text


@pytest.mark.browser
async def test_quality_page_in_the_browser(seeded: Runtime) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    async with serve(seeded) as server, browser() as chromium:
        for width, viewport in WIDTHS.items():
            page: Any = await new_page(chromium, viewport)
            await page.goto(f"{server}/console/login")
            await page.fill("input[name=email]", "sofia@example.org")
            await page.fill("input[name=password]", PASSWORD)
            await page.click("button:has-text('Iniciar sesión')")
            await page.click("header a:has-text('Calidad')")
            await page.wait_for_selector("#gaps")
            assert await page.locator("svg.chart").count() >= 6
            assert "%" in await page.inner_text("#rates")
            await check_layout(page, f"quality page at {width}")
            await page.screenshot(path=str(SHOTS / f"console-quality-{width}.png"), full_page=True)


def test_gap_questions_are_masked() -> None:
    from bot.quality.masking import mask_question

    masked = mask_question("hola me llamo Ana María, mi cel es 099 123 4567, ana@x.com, en Quito")
    assert masked == "hola me llamo [nombre], mi cel es •••, •••@•••, en Quito"
