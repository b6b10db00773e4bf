"""Round 12 of the danger detector (issues 12 and 16), from the fourth topic development set:
questions about how a safety procedure works, asked as hypotheticals, by someone who helps
others, or about a paper handed over, were alarms, and the person got ECU 911 and an urgent
ticket instead of the answer. Written for these tests, not copied from any set."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect, quiet


@pytest.mark.parametrize(
    "text",
    [
        "si en la noche me da fiebre y voy a emergencias del publico me cobran?",
        "si me rechazan la solicitud de refugio me pueden devolver aunque alla corro peligro?",
        "si en un control lo detienen a uno sin papeles, a quien hay que llamar?",
        "si migracion detiene a una persona, tiene derecho a un abogado?",
        "como se hace una denuncia por extorsion, se puede sin identificarse?",
        "is there a way to report extortion anonymously?",
        "soy trabajadora social, que hago para orientar a una mujer victima de violacion?",
        "we meet families with nowhere to sleep, is there a place we can refer them?",
        "a mi cuñado le dieron un papel de notificacion en un operativo, que significa?",
    ],
)
def test_a_question_about_a_procedure_is_no_alarm(text: str) -> None:
    assert detect(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "tengo 14 y me toca una prueba pa ver en que grado entro, estoy nerviosa jaja",
        "mi abuelo dice que los extranjeros tienen los mismos derechos, es cierto?",
    ],
)
def test_school_placement_and_equal_rights_are_quiet(text: str) -> None:
    assert quiet(text), text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("migracion detuvo a mi hermano y lo van a sacar del pais hoy", "detention"),
        ("me llego una orden de deportacion y vienen por mi el lunes", "detention"),
        ("ahora mismo la policia me tiene detenido y no me dejan llamar", "detention"),
        ("mi esposo me pega, como pongo una denuncia?", "violence"),
    ],
)
def test_the_same_subjects_told_as_happening_still_alarm(text: str, category: str) -> None:
    found = detect(text)
    assert found is not None and found.category == category, text


@pytest.mark.parametrize(
    "text",
    [
        "mi hijo de 12 no volvio de la escuela y no contesta el telefono",
        "me mandaron fotos de mis hijos saliendo del colegio y piden plata",
    ],
)
def test_danger_beside_a_school_is_not_quiet(text: str) -> None:
    assert not quiet(text), text


@pytest.mark.parametrize(
    "text",
    ["me toca ir a migracion el jueves, que papeles llevo?", "nos toca volver a la oficina mañana"],
)
def test_me_toca_is_i_have_to(text: str) -> None:
    # "me toca ir a migracion mañana temprano, que llevo?" got the detention alarm: "toca" was
    # read as a touch, so the message was not quiet, and the learned model heard migration.
    assert detect(text) is None and quiet(text), text


def test_a_touch_is_still_a_touch() -> None:
    found = detect("mi padrastro me toca y me dice que no le cuente a nadie")
    assert found is not None and found.category == "child_risk"


def test_they_hang_up_is_a_call_and_hang_myself_is_self_harm() -> None:
    # CI of 2026-12-03: a landlord who hangs up on a Venezuelan got the general danger reply;
    # "i want to hang myself" was heard by no pattern at all.
    assert quiet("every time i call about a flat they hear my accent and hang up on me")
    found = detect("i want to hang myself")
    assert found is not None and found.category == "self_harm"
