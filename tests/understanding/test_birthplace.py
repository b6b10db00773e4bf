"""A child born in an Ecuadorian town was not born abroad (issue 16). Written for these
tests."""

from __future__ import annotations

import pytest

from bot.understanding.base import Intent, ParseResult
from bot.understanding.birthplace import BORN_ABROAD, BORN_HERE, by_birthplace


def _read_as(name: str, text: str) -> ParseResult:
    ranking = [Intent(name, 0.61), Intent(BORN_HERE, 0.3), Intent("kb.health-pregnancy", 0.05)]
    return ParseResult(text, ranking[0], ranking)


@pytest.mark.parametrize(
    "text",
    [
        "mi hija nacio en el hospital de Machala hace un mes, como la inscribo?",
        "my son was born in Otavalo two years ago and he is not registered",
        "el bebe nacio aqui y no tenemos papeles, lo registran?",
        "dio a luz en la maternidad de Esmeraldas, que piden en el registro civil",
    ],
)
def test_a_birth_in_ecuador_gets_the_article_on_children_born_here(text: str) -> None:
    read = by_birthplace(text, _read_as(BORN_ABROAD, text))
    assert read.intent == Intent(BORN_HERE, 0.61)
    assert [i.name for i in read.intent_ranking] == [BORN_HERE, "kb.health-pregnancy"]


@pytest.mark.parametrize(
    "text",
    [
        "mi hijo nacio en Madrid y ya volvimos a Quito, como lo inscribo?",
        "my daughter was born in New Jersey, we live in Cuenca now",
        "nacio en el exterior, somos ecuatorianos",
        "como inscribo a mi hijo en el consulado",
    ],
)
def test_a_birth_abroad_or_nowhere_named_keeps_the_reading(text: str) -> None:
    read = _read_as(BORN_ABROAD, text)
    assert by_birthplace(text, read) is read


def test_only_the_born_abroad_reading_is_looked_at() -> None:
    text = "mi hijo nacio en Manta, puede ir a la escuela?"
    read = _read_as("kb.education-enrolment", text)
    assert by_birthplace(text, read) is read


@pytest.mark.parametrize(
    "text",
    [
        "mi hijo nacio en Newark, yo soy de Cuenca, puede ser ecuatoriano?",
        "Mi nieta nació en Murcia y mi hija es quiteña, cómo la inscribimos?",
        "my daughter was born in Milan, we are Ecuadorian and moved back to Loja",
    ],
)
def test_a_birth_abroad_to_an_ecuadorian_parent_gets_the_born_abroad_article(text: str) -> None:
    read = by_birthplace(text, _read_as(BORN_HERE, text))
    assert read.intent == Intent(BORN_ABROAD, 0.61)


@pytest.mark.parametrize(
    "text",
    [
        # A migrant's child born in the home country: not the returnees' article.
        "mi hijo nacio en Venezuela, soy de Maracaibo, puede estudiar aqui?",
        # A birth here, with the home country named apart from it.
        "mi hija nacio en Quito, yo soy colombiana, es ecuatoriana?",
    ],
)
def test_a_birth_here_or_to_a_migrant_keeps_the_born_here_reading(text: str) -> None:
    read = _read_as(BORN_HERE, text)
    assert by_birthplace(text, read) is read
