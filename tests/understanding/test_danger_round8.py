"""Round 8 of the danger detector (issue 12), from the fourth development set: self-harm in
slang ("kms", "unalive") or as a whole bottle asked about, a child who writes about a man
coming into their room at night or about being left alone with younger children, are alarms
of their kind; rent that "chokes", a cry about a form, violence long over and a question asked
"en general" are not. Written for these tests, not copied from any set."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("honestly i might kms tonight", "self_harm"),
        ("ando con pensamientos de unalive otra vez", "self_harm"),
        ("si me tomo toda la caja de pastillas cuanto tarda", "self_harm"),
        ("que pasa si alguien se toma todo el frasco de clonazepam, cuanto demora", "self_harm"),
        ("ya estoy cansada de despertar cada dia", "self_harm"),
        ("tengo 12 y el novio de mi mama se mete a mi cuarto cuando ella no esta", "child_risk"),
        ("my stepdad comes into my room at night, im 13", "child_risk"),
        ("tengo 10, mi papa se fue ayer y nos dejo solos, no hay comida", "child_risk"),
    ],
)
def test_danger_in_slang_or_told_by_a_child_is_an_alarm_of_its_kind(
    text: str, category: str
) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert category in signal.categories


@pytest.mark.parametrize(
    "text",
    [
        "el arriendo que me subieron me esta ahorcando, hay ayuda para pagar?",
        "con las deudas del banco nos estan asfixiando, que podemos hacer",
        "ayudaaaa la pagina de la cita de la visa no abre",
        "hace dos años mi ex me pegaba, ya no vivo con el y estoy bien, como pido la pension",
        "pregunto en general, que hace una mujer si el esposo la maltrata? es para una amiga",
        "tengo 12 años viviendo en ecuador y nunca saque la cedula",
    ],
)
def test_the_same_words_about_something_else_are_no_alarm(text: str) -> None:
    assert detect(text) is None, detect(text)
