"""Round 21 of the reading (issue 16): a question asked partly in Creole, French or Portuguese
is read with the words we know put in Spanish, and a refugee question told with the persecution
the writer fled is answered with the refugee articles, not an alarm. Written for these tests."""

from __future__ import annotations

import pytest

from bot.understanding.language import article_words, carries_ours
from tests.conftest import Person

CHANNELS = ["web", "sms"]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("text", "article"),
    [
        (
            "bonswa, mwen bezwen enskri pitit mwen nan lekol, cuales documentos piden?",
            "education-enrolment",
        ),
        (
            "oi, meu filho precisa de escola, posso matricular ele sem documentos? estamos en "
            "Manta",
            "education-enrolment",
        ),
        (
            "bonjou, madanm mwen ansent 8 mwa, li ka akouche nan lopital gratis? no tenemos cedula",
            "health-pregnancy",
        ),
    ],
)
async def test_a_question_partly_in_another_language_is_answered_in_spanish(
    sqlite_runtime, channel: str, text: str, article: str
) -> None:
    person = Person(sqlite_runtime, channel, f"r21-mixed-{channel}-{article}")
    result = await person.says(text)
    assert result.article_ids == [article]
    assert not result.urgent


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_message_wholly_in_creole_still_gets_the_languages_we_speak(
    sqlite_runtime, channel: str
) -> None:
    person = Person(sqlite_runtime, channel, f"r21-creole-{channel}")
    result = await person.says("bonjou, mwen bezwen yon avoka, patwon an pa peye mwen depi 2 mwa")
    assert result.article_ids == []
    ids = {c["id"] for r in result.rendered for c in r.choices}
    assert {"lang:es", "lang:en"} <= ids


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "text",
    [
        "mi hermano salio de venezuela porque lo amenazaron de muerte los colectivos, ahora esta "
        "con nosotros en quito, como pide refugio?",
        "Mi prima llego ayer a Ibarra, en Colombia la amenazo un grupo armado. Quiere pedir "
        "refugio, a donde va?",
    ],
)
async def test_a_refugee_question_with_the_persecution_fled_is_not_an_alarm(
    sqlite_runtime, channel: str, text: str
) -> None:
    person = Person(sqlite_runtime, channel, f"r21-claim-{channel}-{len(text)}")
    result = await person.says(text)
    assert result.topic == "protection"
    assert not result.urgent


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_same_threat_found_here_still_alarms(sqlite_runtime, channel: str) -> None:
    person = Person(sqlite_runtime, channel, f"r21-here-{channel}")
    result = await person.says(
        "hui de colombia por los paramilitares y aqui en lago agrio me volvieron a encontrar, "
        "quiero pedir refugio"
    )
    assert result.urgent


def test_one_spanish_word_in_creole_is_spanish_the_writer_reads(kb) -> None:
    known = article_words(kb)
    # Creole spells its words its own way: one Spanish word is a sign.
    assert carries_ours("subcentro me atiende? mwen pa gen papye", known)
    assert carries_ours("mwen vle mande refij, como hago?", known)
    # "pa" (not) is no Spanish "para", and nothing here is Spanish.
    assert not carries_ours("mwen bezwen yon avoka, patwon an pa peye mwen depi 2 mwa", known)
    # Portuguese shares its spelling with Spanish: one shared word is no sign.
    assert not carries_ours("nao tenho documentos, posso trabalhar aqui?", known)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_short_creole_question_with_a_spanish_word_is_answered(
    sqlite_runtime, channel: str
) -> None:
    person = Person(sqlite_runtime, channel, f"r21-short-creole-{channel}")
    result = await person.says("bonswa, pitit mwen bezwen vaksen, mwen pa gen papye. gratis?")
    assert result.article_ids == ["health-child-vaccines"]
