"""Switching language: the language a request names wins; a request that names none asks which,
instead of flipping to the other one ("can we speak in english" once switched to Spanish)."""

from __future__ import annotations

import pytest

from bot.flows.language import named_language
from bot.messages import TurnResult
from tests.conftest import Person


def shown(result: TurnResult) -> str:
    """The text and the button labels the person sees."""
    labels = [c["label"] for r in result.rendered for c in r.choices]
    return "\n".join([r.text for r in result.rendered] + labels)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("can we speak in english", "en"),
        ("cambiar a inglés", "en"),
        ("me lo escribes en castellano", "es"),
        ("prefiero Español por favor", "es"),
        ("quiero cambiar el idioma", None),
        ("english or spanish?", None),
    ],
)
def test_named_language(text: str, lang: str | None) -> None:
    assert named_language(text) == lang


@pytest.mark.parametrize("channel", ["sms", "telegram"])
async def test_asking_for_english_switches_to_english(sqlite_runtime, channel: str) -> None:
    person = Person(sqlite_runtime, channel, f"{channel}-to-en")
    result = await person.says("can we speak in english")
    assert result.lang == "en", shown(result)


@pytest.mark.parametrize("channel", ["sms", "telegram"])
async def test_a_change_naming_no_language_asks_which(sqlite_runtime, channel: str) -> None:
    person = Person(sqlite_runtime, channel, f"{channel}-which")
    result = await person.says("quiero cambiar el idioma")
    assert result.lang == "es"
    assert "Elige tu idioma" in shown(result)
    assert "English" in shown(result)


@pytest.mark.parametrize(
    ("first", "asked", "lang"),
    [
        ("hello, i need help with my visa", "puedes hablar en español?", "es"),
        ("hi there", "lo puedes poner en castellano?", "es"),
        ("hola", "could you reply in english", "en"),
    ],
)
async def test_asking_in_a_question_switches(sqlite_runtime, first: str, asked: str, lang: str):
    """Asked as a question ("puedes hablar en español?"), not only as a command: it got the help
    reply, or fell back."""
    person = Person(sqlite_runtime, "telegram", f"ask-{lang}-{len(asked)}")
    await person.says(first)
    result = await person.says(asked)
    assert result.intent == "change_language", shown(result)
    assert result.lang == lang, shown(result)
