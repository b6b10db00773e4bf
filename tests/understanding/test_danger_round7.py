"""Round 7 of the danger detector (issue 12), from the third development set: danger told
without the usual words (a bone broken, a ride in a patrol car, pills bought, a dose asked for
oneself, a child lost in a crowd or photographed undressed, a cry for help drawn out) is an
alarm of its kind; an exam, an interview or a phone is not."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect, quiet


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("mi pareja me fracturo la nariz ayer y dice que hoy sigue", "violence"),
        ("a mi cuñado lo tienen en el patrullero ahorita, no sabemos a donde", "detention"),
        ("pa que sirve vivir asi, nadie me espera", "self_harm"),
        ("ya junte las pastillas, nadie se va a dar cuenta", "self_harm"),
        ("how many sleeping pills are too many, asking for myself", "self_harm"),
        ("i just want the pain to end, every day is worse", "self_harm"),
        ("se nos perdio la nena en el mercado de ipiales, tiene 4 años", "child_risk"),
        ("el vecino le saca fotos desnuda a mi sobrina cuando la cuida", "child_risk"),
        ("auxiliooooo", "distress"),
        ("socorroooo por favor", "distress"),
    ],
)
def test_danger_told_indirectly_is_an_alarm_of_its_kind(text: str, category: str) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert category in signal.categories


@pytest.mark.parametrize(
    "text",
    [
        "me rompio la pantalla del celular, donde lo arreglan barato",
        "me voy a morir si no paso el examen de la licencia jaja, hay cursos gratis?",
        "los de la entrevista me quieren matar a preguntas, que papeles llevo",
        "ya compre las pastillas para la tos de mi hijo, cuantas le doy?",
        "ya tengo las pastillas que me dio el doctor del centro de salud",
        "hoy termino con el papeleo de la visa, que sigue despues?",
        "perdimos a mi abuelo hace dos años, quiero traer sus cenizas a ecuador",
        "ayuda",
        "socorroooo el examen es mañana jajaja",
    ],
)
def test_the_same_words_about_something_else_are_no_alarm(text: str) -> None:
    assert detect(text) is None, detect(text)


@pytest.mark.parametrize("text", ["y que me van a pedir?", "y para mi mama?", "y ahora?"])
def test_a_follow_up_with_no_word_of_harm_is_quiet(text: str) -> None:
    assert quiet(text)


@pytest.mark.parametrize("text", ["y si me vuelve a pegar?", "y que hago, tengo miedo"])
def test_a_follow_up_with_a_word_of_harm_is_not_quiet(text: str) -> None:
    assert not quiet(text)


def test_threats_back_home_are_a_refugee_question_unless_they_reach_here_now() -> None:
    assert detect("can I be a refugee if gangs threatened my family back home?") is None
    found = detect("gangs threatened my family back home and now they found me here today")
    assert found is not None and "armed_threat" in found.categories
