"""Round 20 of the reading (issue 16), tried as newcomers would: excusing one's Spanish before
the question does not hide it, and help with one's papers in general, with nothing before it,
gets the papers topic rather than the whole menu. Written for these tests."""

from __future__ import annotations

import pytest

from bot.understanding.pleasantries import split
from tests.conftest import Person

CHANNELS = ["web", "sms"]


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("yo no abla bien espanol, necesito un doctor", "necesito un doctor"),
        (
            "no se español bien pero mi hijo puede ir a la escuela?",
            "mi hijo puede ir a la escuela?",
        ),
        (
            "puedo trabajar con visa de turista? disculpe mi español",
            "puedo trabajar con visa de turista",
        ),
        ("my english is not good. where can i get a visa?", "where can i get a visa?"),
    ],
)
def test_excusing_ones_language_is_set_aside(text: str, core: str) -> None:
    found = split(text)
    assert found.core == core
    assert found.polite


def test_an_excuse_alone_is_still_read_whole() -> None:
    assert split("no hablo bien espanol").core == ""


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_question_after_an_excuse_is_answered_in_spanish(
    sqlite_runtime, channel: str
) -> None:
    person = Person(sqlite_runtime, channel, f"r20-excuse-{channel}")
    result = await person.says(
        "yo no abla bien espanol, estoy enfermo y no tengo papeles, me atienden en el hospital?"
    )
    assert result.article_ids == ["health-access"]
    assert result.lang == "es"


@pytest.mark.parametrize("channel", CHANNELS)
async def test_help_with_papers_and_nothing_before_gets_the_papers_topic(
    sqlite_runtime, channel: str
) -> None:
    person = Person(sqlite_runtime, channel, f"r20-papers-{channel}")
    result = await person.says("yo no abla bien espanol, necesito ayuda con mis papeles")
    assert result.topic == "regularisation"
    assert any(c["id"] == "article:reg-visas-residence" for r in result.rendered for c in r.choices)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_bare_follow_up_with_nothing_before_still_asks_what_about(
    sqlite_runtime, channel: str
) -> None:
    person = Person(sqlite_runtime, channel, f"r20-bare-{channel}")
    result = await person.says("y que papeles piden?")
    assert result.topic is None
    assert any(c["id"] == "topic:regularisation" for r in result.rendered for c in r.choices)
