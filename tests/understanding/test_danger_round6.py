"""Round 6 of the danger detector (issue 12): what is over, long-running abroad, an idiom, or
plainly denied is not an alarm; the same danger told as happening now still is."""

from __future__ import annotations

import pytest

from bot.understanding.danger import denies_self_harm, detect


@pytest.mark.parametrize(
    "text",
    [
        "hace tres años mi ex me golpeaba, ya vivo sola y tranquila, todavia puedo denunciarlo?",
        "mi tio esta preso en colombia desde hace años, como averiguo su caso desde aqui",
        "mi mama me va a matar en serio si repruebo matematicas, hay clases gratis?",
        "im not thinking of hurting myself, i just feel lonely here, is there someone to talk to",
    ],
)
def test_over_abroad_idiom_or_denied_is_no_alarm(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("hace años que mi ex me golpea y todavia me busca", "violence"),
        ("a mi hermano lo detuvieron hoy y lo van a deportar", "detention"),
        ("me van a matar, me dijeron que hoy vienen por mi", "armed_threat"),
        ("ya no quiero vivir, mejor me mato", "self_harm"),
    ],
)
def test_the_same_danger_now_still_alarms(text: str, category: str) -> None:
    signal = detect(text)
    assert signal is not None and category in signal.categories


def test_denial_is_read_in_both_languages() -> None:
    assert denies_self_harm("no es que me quiera hacer algo, solo estoy triste")
    assert denies_self_harm("I'm not suicidal, just tired")
    assert not denies_self_harm("me quiero hacer algo")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my brother was just arrested by immigration at the bus station", "detention"),
        ("they will deport him tomorrow, he is at the airport", "detention"),
        ("se me perdio mi hija en el mercado, no la encuentro", "child_risk"),
        ("contracciones cada 4 minutos y no tengo como ir al hospital", "medical"),
        ("cuantas pastillas hacen falta pa no despertar", "self_harm"),
    ],
)
def test_round_6b_patterns(text: str, category: str) -> None:
    signal = detect(text)
    assert signal is not None and category in signal.categories


def test_a_cry_for_help_told_as_a_joke_is_no_alarm() -> None:
    assert detect("auxiliooo mañana tengo examen de manejo jajaja, hay academias baratas?") is None
    assert detect("auxilio, me quieren hacer daño") is not None
