"""The word-for-word Spanish of Creole, French and Portuguese words (issue 16). Written for
these tests."""

from __future__ import annotations

import pytest

from bot.understanding.gloss import gloss


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bonjou, kijan pou m jwenn yon avoka?", "buenos dias, como conseguir un abogado?"),
        ("mwen pa gen papye", "yo no tengo papeles"),
        ("pitit mwen malad, ki kote lopital la?", "hijo yo enfermo, donde hospital la?"),
        ("j'ai besoin d'un medecin", "yo necesito de un medico"),
        ("c'est gratuit?", "es gratis?"),
        ("meu filho precisa de escola", "mi hijo precisa de escuela"),
        ("nao tenho passaporte", "no tengo pasaporte"),
    ],
)
def test_the_words_we_know_are_put_in_spanish(text: str, expected: str) -> None:
    assert gloss(text) == expected


def test_spanish_words_stay_as_written() -> None:
    assert gloss("Estoy en San Lorenzo, puedo ir al hospital?") == (
        "estoy en san lorenzo, puedo ir al hospital?"
    )


def test_san_is_sin_only_before_papers() -> None:
    assert gloss("nou antre san papye") == "nosotros entrar sin papeles"
    assert gloss("mwen nan san lorenzo") == "yo en san lorenzo"


def test_a_phrase_is_only_its_words_side_by_side() -> None:
    # "pa" and "gen" across a full stop are two words, not "no tengo".
    assert gloss("pa. gen") == "pa. tengo"


def test_words_without_an_entry_are_kept() -> None:
    assert gloss("mwen bezwen yon vizit") == "yo necesito un vizit"
