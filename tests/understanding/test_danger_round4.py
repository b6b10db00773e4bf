"""Danger round 4 (#12): kinds the held-out folds missed, who is behind the danger, and urgency
about papers, needs or a sick child that is not danger. Phrasings written for these tests: in
neither nlu/danger.yml nor any blind set."""

from __future__ import annotations

import pytest

from bot.understanding.danger import cue_scores, detect, quiet
from bot.understanding.embedded import CUE_WEIGHT, EmbeddedUnderstanding
from bot.understanding.normalize import normalize

KINDS: dict[str, list[str]] = {
    "self_harm": [
        "mi cuñado dice que se va a colgar esta noche y no abre la puerta",
        "para que sigo aqui, soy un estorbo en esta casa",
        "diganle a mis hijos que los quiero, ya no aguanto",
        "my friend is on the roof and says he will jump",
    ],
    "child_risk": [
        "un señor se llevo a mi nena de la escuela sin mi permiso y no contesta",
        "la señora de al lado sacude a su bebe cuando llora",
        "hay una nena sola en la parada llorando desde hace rato",
        "el entrenador de futbol la toca a mi hija de 11 en los camerinos",
        "my husband shook the baby so hard he stopped crying",
    ],
    "medical": [
        "mi sobrino se tomo el cloro de la cocina y esta vomitando",
        "a mi vecino lo atropello una moto y no se mueve",
        "my mom's mouth is drooping and she cant talk well",
    ],
    "detention": [
        "hay un operativo en la feria y se estan llevando a los venezolanos",
        "me dieron 72 horas para salir del pais o me detienen",
    ],
    "armed_threat": [
        "los de la banda incendiaron el local de al lado y dicen que sigue el mio",
        "unos manes me dijeron que si vuelvo me meten un balazo",
        "mi esposo le debe al gota a gota y ahora me amenazan de muerte a mi",
    ],
    "trafficking": [
        "el contratista se quedo con todos nuestros pasaportes y no nos paga",
    ],
    "sexual_violence": [
        "el guardia me pide fotos intimas para dejarme entrar",
        "el señor de la casa me agarro los senos en la cocina",
    ],
    "violence": [
        "he threw me against the table and left, he is coming back tonight",
        "mi pareja me empujo y me torcio el brazo delante de los niños",
    ],
    "distress": [
        "unos tipos nos vienen siguiendo desde la parada, somos tres mujeres",
        "no puedo respirar del miedo, hay alguien afuera de la carpa",
        "sos sos sos",
    ],
}

NOT_DANGER = [
    "how do i find out which vaccines my daughter is missing",
    "what papers is my son missing for the new school",
    "si me piden la cedula en el bus y no la tengo, que pasa? es pa saber",
    "que hace una persona si la quieren deportar sin abogado? pregunta general",
    "si un empleador se queda con el pasaporte de alguien, es delito?",
    "este frio de quito me va a matar, donde venden chompas",
    "me quiero matar estudiando para el examen de manejo jaja",
    "mi hijo se corto el dedo con papel, ya paro la sangre, le pongo curita?",
    "quiero visitar a mi primo que esta en la carcel cumpliendo condena",
    "please help me find a daycare for my kids in ibarra, its urgent",
    "mi hijo de 17 quiere ir solo a sacar la cedula, lo dejan?",
    "me siento cansada de criar a mis hijos sola, hay ayuda",
]

QUIET = [
    "necesito ropa y comida para mis hijos, estamos en ibarra, urgente",
    "donde vacunan a mi bebe contra la polio, es urgente",
    "urgente, necesito cita con el pediatra para mi nena mañana",
]


@pytest.mark.parametrize(("category", "text"), [(c, t) for c, ts in KINDS.items() for t in ts])
def test_kinds_are_heard_with_their_category(category: str, text: str) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert signal.category == category, (text, signal.categories)


@pytest.mark.parametrize("text", NOT_DANGER)
def test_urgent_but_safe_is_not_an_alarm(text: str) -> None:
    assert detect(text) is None, (text, detect(text))


@pytest.mark.parametrize("text", QUIET)
def test_everyday_needs_keep_the_learned_model_quiet(text: str) -> None:
    assert detect(text) is None
    assert quiet(text)


def test_needs_with_a_word_of_harm_still_reach_the_model() -> None:
    assert not quiet("mi bebe tiene fiebre de 40 y no despierta bien, necesito cita ya")
    assert not quiet("nos dejaron sin comida y no nos dejan salir, necesitamos ropa")


def test_the_category_weighs_the_classifier_and_the_cue_words(nlu: EmbeddedUnderstanding) -> None:
    danger = nlu.model.danger
    assert danger is not None
    text = "ya no puedo mas, me quiero ir para siempre y no despertar"
    norm = normalize(text)
    scores = dict(zip(danger.categories, danger.category_scores(norm), strict=True))
    cues = cue_scores(text)
    expected = max(scores, key=lambda n: scores[n] + CUE_WEIGHT * cues.get(n, 0.0))
    assert nlu.danger_category(text) == expected == "self_harm"
    # Cue words alone can move the choice: with a heavy cue for another category, it wins.
    assert danger.category(norm, {"medical": 100.0}) == "medical"
