"""Whole areas issue #16 found misread, as the embedded model reads them now: returnees from
the United States, children born there, racism at work and from landlords, an insult on a bus,
a farm wage with a place name, and a plea for medicine in English."""

from __future__ import annotations

import pytest

from bot.understanding.embedded import EmbeddedUnderstanding

CASES = [
    ("me deportaron de estados unidos, que hago ahora", "ret-deported-us"),
    ("I was deported from the US, what help is there", "ret-deported-us"),
    ("me mandaron de vuelta de los estados unidos y no tengo nada", "ret-deported-us"),
    ("regrese deportado de usa la semana pasada, hay algun apoyo?", "ret-deported-us"),
    (
        "mis hijos nacieron en estados unidos, como los hago ecuatorianos",
        "ret-children-born-abroad",
    ),
    (
        "my kids were born in the US, can they get ecuadorian nationality",
        "ret-children-born-abroad",
    ),
    ("tengo dos niños nacidos en new jersey, pueden ser ecuatorianos?", "ret-children-born-abroad"),
    ("en el trabajo me dicen veneca y me tratan mal por ser extranjera", "rights-discrimination"),
    ("en el trabajo me discriminan por ser negro y haitiano", "rights-discrimination"),
    ("el dueño no me quiere arrendar porque soy venezolano", "housing-discrimination"),
    ("the landlord won't rent to me because I'm a foreigner", "housing-discrimination"),
    ("no me quieren alquilar el cuarto por ser colombiano", "housing-discrimination"),
    ("en el bus un señor me insulto por ser venezolana", "rights-discrimination"),
    ("a man on the bus insulted me for being haitian", "rights-discrimination"),
    (
        "me ofrecen trabajo en una finca en Ibarra por 200 dolares al mes, es legal?",
        "work-minimum-wage",
    ),
    ("me pagan 200 al mes en una hacienda en ibarra, es justo?", "work-minimum-wage"),
    ("need insulin for my mom, no money no papers", "health-medicines"),
    ("my son has asthma and we need an inhaler but no money", "health-medicines"),
]


@pytest.mark.parametrize(("text", "article"), CASES)
def test_the_area_reaches_its_article(nlu: EmbeddedUnderstanding, text: str, article: str) -> None:
    parsed = nlu.parse_sync(text)
    assert parsed.intent.name == f"kb.{article}", parsed.intent_ranking[:3]


def test_a_deportee_is_not_read_as_ecuador_deporting_a_foreigner(
    nlu: EmbeddedUnderstanding,
) -> None:
    ranking = nlu.parse_sync("me deportaron de estados unidos, que hago ahora").intent_ranking
    scores = {i.name: i.confidence for i in ranking}
    assert scores["kb.ret-deported-us"] > 5 * scores.get("kb.reg-deportation-rights", 0.0)


def test_the_place_name_does_not_win_over_the_wage(nlu: EmbeddedUnderstanding) -> None:
    ranking = nlu.parse_sync(
        "trabajo en una finca cerca de ibarra y me pagan 200 al mes"
    ).intent_ranking
    assert ranking[0].name == "kb.work-minimum-wage", ranking[:3]
