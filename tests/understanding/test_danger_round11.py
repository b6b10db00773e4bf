"""Round 11 of the danger detector (issue 12), from the seventh development set: self-harm told
without the obvious words (poison "not for the rats", a last message, a shot "if they fire me",
an accident staged, the railway line, burning "to feel something", giving things away), a rape
"just now", a detention centre and a deportation at dawn, forced begging, documents kept with no
pay for years; no alarm for a pet's death, a deposit to give back, a joke about an exam or being
late. Written for these tests, not copied from any set."""

from __future__ import annotations

import pytest

from bot.understanding import followups
from bot.understanding.danger import danger_of, detect, quiet


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("compre veneno para ratas pero no es para las ratas", "self_harm"),
        (
            "eres el ultimo a quien le escribo, ya no vas a tener que preocuparte por mi",
            "self_harm",
        ),
        ("si me botan del trabajo me pego un tiro", "self_harm"),
        ("voy a chocar la moto para que parezca un accidente", "self_harm"),
        ("pienso en acostarme en la linea del tren", "self_harm"),
        ("me quemo con el encendedor para sentir algo", "self_harm"),
        ("mi hija regalo sus cosas a sus amigas y dejo una carta", "self_harm"),
        ("un hombre me acaba de violar en el parque", "sexual_violence"),
        ("estoy en el centro de detencion y mañana me sacan deportado", "detention"),
        ("la policia agarro a mi primo en la terminal, no tiene papeles", "detention"),
        ("el hombre que nos trajo nos obliga a pedir plata en la calle", "trafficking"),
        (
            "hace 3 años trabajo en una casa, no me pagan y me guardaron el pasaporte",
            "trafficking",
        ),
        ("a mi pana le dieron una puñalada y esta botando sangre", "medical"),
        ("a mi hermano lo mataron y ahora los mismos me buscan, estoy escondido", "armed_threat"),
    ],
)
def test_round11_kinds_are_alarms_of_their_kind(text: str, category: str) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert signal.category == category, (text, signal.categories)


@pytest.mark.parametrize(
    "text",
    [
        "me van a matar en la casa si no apruebo el examen de manejo jaja, donde hago el curso?",
        "mi jefe me mata si vuelvo a llegar tarde jaja, hay buses mas temprano?",
    ],
)
def test_a_joke_about_an_exam_or_being_late_is_no_alarm(text: str) -> None:
    assert detect(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "se murio mi perrito hoy y estoy destrozada, solo queria contarlo",
        "me voy del cuarto en 15 dias, el dueño me tiene que devolver la garantia?",
        "a mi prima la violaron hace años en venezuela, ahora esta bien y quiere un grupo de apoyo",
    ],
)
def test_grief_for_a_pet_a_deposit_or_an_assault_long_over_is_quiet(text: str) -> None:
    assert quiet(text), text


@pytest.mark.parametrize("text", ["hoy", "mañana", "esta noche", "tonight", "y hoy?"])
def test_a_time_alone_names_no_danger_and_asks_what_about(text: str) -> None:
    # Found trying the web chat as a newcomer: "hoy" alone got the no-shelter alarm.
    assert quiet(text), text
    assert followups.is_continuation(text), text


def test_a_time_with_a_danger_still_alarms() -> None:
    assert not quiet("hoy no tengo donde dormir con mis hijos")


@pytest.mark.parametrize("text", ["AYUDA", "ayuda", "/ayuda", "Help", "info"])
def test_the_help_keyword_alone_is_no_alarm(text: str, nlu) -> None:
    # CI of 2026-12-03: after rounds 9-11 the learned model alarmed on AYUDA alone, the help
    # keyword every SMS service must answer with how to use it.
    assert danger_of(text, nlu) is None, text


@pytest.mark.parametrize("text", ["ayudaaaa", "ayuda por favor", "ayuda ayuda ayuda", "socorro"])
def test_a_cry_for_help_still_alarms(text: str, nlu) -> None:
    found = danger_of(text, nlu)
    assert found is not None and found.category == "distress", text
