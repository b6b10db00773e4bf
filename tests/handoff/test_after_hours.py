"""The after-hours notice names the configured days and hours, in the person's language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.knowledge.models import KnowledgeBase
from bot.messages import InboundMessage
from bot.runtime import Runtime, build_runtime
from bot.storage.migrate import upgrade_async
from bot.understanding.embedded import EmbeddedUnderstanding
from tests.conftest import make_settings

SUNDAY_NIGHT = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # Sunday 22:00 in Guayaquil


@pytest.fixture
async def six_day_runtime(
    tmp_path: Path, kb: KnowledgeBase, nlu: EmbeddedUnderstanding
) -> AsyncIterator[Runtime]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'hours.db'}"
    await upgrade_async(url)
    settings = make_settings(
        tmp_path,
        database_url=url,
        working_days="0-5",
        working_hours_start="09:00",
        working_hours_end="18:30",
    )
    rt = build_runtime(settings, kb=kb, nlu=nlu)
    rt.engine.clock = lambda: SUNDAY_NIGHT
    yield rt
    await rt.close()


async def ask_for_a_person(runtime: Runtime, text: str, lang: str, user: str) -> str:
    inbound = InboundMessage(channel="web", user=user, text=text, lang_hint=lang)
    result = await runtime.engine.handle(inbound, inline=True)
    assert result.handoff
    return "\n".join(reply.text for reply in result.replies)


async def test_english_after_hours_notice_is_english_and_names_the_days(six_day_runtime) -> None:
    said = await ask_for_a_person(six_day_runtime, "I want to talk to a person", "en", "en-1")
    assert "Monday to Saturday 09:00-18:30" in said, said
    assert "lunes" not in said and "viernes" not in said


async def test_spanish_after_hours_notice_names_the_configured_days(six_day_runtime) -> None:
    said = await ask_for_a_person(six_day_runtime, "quiero hablar con una persona", "es", "es-1")
    assert "lunes a sábado 09:00-18:30" in said, said
    assert "viernes" not in said


@pytest.mark.parametrize(
    ("spec", "lang", "expected"),
    [
        ("0-4", "es", "lunes a viernes"),
        ("0-4", "en", "Monday to Friday"),
        ("0-5", "en", "Monday to Saturday"),
        ("2", "es", "miércoles"),
        ("0,2,4", "en", "Monday, Wednesday and Friday"),
        ("0-2,5-6", "es", "lunes a miércoles, sábado y domingo"),
    ],
)
def test_days_in_words(spec: str, lang: str, expected: str) -> None:
    from bot.engine.hours import days_in_words, parse_days

    assert days_in_words(parse_days(spec), lang) == expected
