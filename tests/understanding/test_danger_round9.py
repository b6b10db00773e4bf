"""Round 9 of the danger detector (issue 12), from the fifth development set: the category that
acts follows what the message says, for the learned model as for the patterns. A missing adult,
a stranger following or breaking in is danger of no clear kind; armed strangers stay armed
threats when a husband is named beside them; a rape told in one verb is sexual violence; a
procedure at the migration office, a document kept on request and an extortion long over are
no alarm. Written for these tests, not copied from any set."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect, quiet, settle


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("un tipo me esta siguiendo desde la parada, ya van 3 cuadras", "distress"),
        ("estan forzando la puerta de la casa y estoy sola con el bebe", "distress"),
        ("alguien entro a la casa, estoy escondida arriba", "distress"),
        ("mi ex me esta siguiendo desde el trabajo", "violence"),
        ("el padrastro le esta dando a mi hermana con una correa", "violence"),
        ("anoche mi pareja me forzo y tengo miedo de ir al medico", "sexual_violence"),
        ("un señor me pide fotos sin ropa y dice que las publica", "sexual_violence"),
        ("tengo 14 y un man me pide fotos sin ropa por instagram", "child_risk"),
        ("ayer casi me lanzo del puente, hoy quiero volver", "self_harm"),
        ("my boyfriend hit our son, he is bleeding from the nose", "child_risk"),
        ("mi novio me dijo que esta noche me mata", "violence"),
        ("los choneros llamaron a mi esposo, si no pagan 3000 lo matan", "armed_threat"),
        (
            "mi esposo me vendio a un señor que me tiene en su casa y me obliga a estar con el",
            "trafficking",
        ),
        ("soy de quinto grado y mi papa me pega con el cable", "child_risk"),
    ],
)
def test_the_category_follows_who_acts_and_who_is_at_risk(text: str, category: str) -> None:
    signal = detect(text)
    assert signal is not None, text
    assert signal.category == category, (text, signal.categories)


@pytest.mark.parametrize(
    "text",
    [
        "me toco caminar desde el terminal porque no habia bus, hay bicicletas publicas?",
        "me toca pagar la vacuna de mi hijo en el centro de salud?",  # a jab, not extortion
        "a mi prima se le hincho la cara por una alergia, que farmacia atiende de noche",
    ],
)
def test_an_idiom_or_a_swelling_is_not_a_blow_or_a_touch(text: str) -> None:
    signal = detect(text)
    assert signal is None or signal.category not in ("sexual_violence", "violence"), text


@pytest.mark.parametrize(
    ("text", "learned", "settled"),
    [
        # A missing adult: danger of no clear kind, not a child at risk or a detention.
        ("mi hermana viajaba a quito y nunca llego, tiene 25 años", "child_risk", "distress"),
        ("mi cuñado desaparecio hace 2 semanas en la frontera", "detention", "distress"),
        # A child named keeps the child's route; the police named keep the detention.
        ("mi hijo de 9 no volvio de la escuela", "child_risk", "child_risk"),
        ("la policia se llevo a mi hermano anoche", "detention", "detention"),
        # Pills taken to get high, not to die: the medical emergency.
        (
            "my friend took pills to get high, not to hurt himself, his heart is racing",
            "self_harm",
            "medical",
        ),
        # Armed strangers hold a husband: still an armed threat, not violence at home.
        (
            "unos hombres con fusiles nos pararon en la trocha y tienen a mi esposo aparte",
            "armed_threat",
            "armed_threat",
        ),
        # A child writing by school grade: the child's route.
        ("soy de 6to grado y mi papa me mete la cabeza en el agua", "violence", "child_risk"),
    ],
)
def test_the_learned_category_is_checked_against_the_message(
    text: str, learned: str, settled: str
) -> None:
    assert settle(text, learned) == settled


def test_a_document_kept_on_request_is_no_danger_for_the_learned_model_either() -> None:
    text = "mi patrona me guarda el pasaporte porque yo se lo pedi, me lo da cuando quiero"
    assert settle(text, "trafficking") is None


@pytest.mark.parametrize(
    "text",
    [
        "ayuda xfa la cita de migracion es mañana y no tengo las fotos",
        "el bus sale en una hora y no se si necesito algun papel para salir por tierra",
        "un amigo fue victima de extorsion hace un año, ya se mudo y esta tranquilo, todavia "
        "puede denunciar?",
    ],
)
def test_a_procedure_or_something_long_over_is_quiet(text: str) -> None:
    assert quiet(text), text
