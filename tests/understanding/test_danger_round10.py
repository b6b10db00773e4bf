"""Round 10 of the danger detector (issue 12), from the sixth development set: a neighbour who
hears blows, a forced marriage, documents held with no pay, a goodbye message, a gang's
recruitment of a child, armed men outside, sextortion, and no alarm for a rumour, a school
uniform, a procedure for children or a joke about a mother-in-law. Written for these tests, not
copied from any set."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect, quiet, settle


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("se oyen golpes en el cuarto de al lado y la vecina grita que pare", "violence"),
        ("tengo 15 y mi papa me quiere casar con un señor de 50", "child_risk"),
        (
            "en la hacienda nos guardan los pasaportes y no nos pagan hace dos meses",
            "trafficking",
        ),
        ("nos tienen con llave en la casa del patron", "trafficking"),
        ("my brother was picked up at the bus station this morning by immigration", "detention"),
        ("dicen que son de los lobos y que si no pago me queman el local", "armed_threat"),
        ("si alguien lee esto diganle a mi hija que la amo y que no fue su culpa", "self_harm"),
        ("mi amiga mando un audio despidiendose y ya no contesta", "self_harm"),
        ("mi primo puso que se va a matar esta noche", "self_harm"),
        ("my dad says we would be better off without him", "self_harm"),
        ("hay dos tipos con pistola afuera de la casa preguntando por mi", "armed_threat"),
        (
            "la banda quiere reclutar a mi sobrino de 14 para que venda droga en la esquina",
            "child_risk",
        ),
        ("mi ex me amenaza con subir un video intimo si no vuelvo con el", "sexual_violence"),
        ("el capataz nos manosea a las mujeres en la finca", "sexual_violence"),
        ("vi que un hombre se llevo a la fuerza a una niña en el parque", "child_risk"),
        ("mi mama esta vomitando sangre desde hace una hora", "medical"),
    ],
)
def test_round10_kinds_are_alarms_of_their_kind(text: str, category: str) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert signal.category == category, (text, signal.categories)


@pytest.mark.parametrize(
    "text",
    [
        "mi vecino dice que van a deportar a todos en enero, es verdad o es chisme?",
        "mi suegra me va a matar cuando vea que no hice los tramites del arriendo jaja",
        "mi ex me pegaba en colombia, nos separamos hace 4 años y el sigue alla, puedo sacar "
        "el pasaporte del niño sin su firma?",
    ],
)
def test_a_rumour_a_joke_or_violence_long_over_abroad_is_no_alarm(text: str) -> None:
    assert detect(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "no dejan entrar a mi hijo a clases sin uniforme y no tengo plata",
        "como es el tramite para menores que se quedaron en venezuela con la abuela?",
    ],
)
def test_school_needs_and_procedures_for_children_are_quiet(text: str) -> None:
    assert quiet(text), text


def test_a_missing_adult_is_no_trafficking_without_a_sign_of_being_held() -> None:
    text = "mi esposo no volvio anoche del trabajo en la construccion, nadie sabe de el"
    assert settle(text, "trafficking") == "distress"
    held = "mi esposo no volvio del trabajo, el patron no lo deja salir de la finca"
    assert settle(held, "trafficking") == "trafficking"
