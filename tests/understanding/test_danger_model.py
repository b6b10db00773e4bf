"""The learned danger model: it hears danger told in words the pattern detector has no rule for,
and stays quiet on ordinary questions. Messages here are new phrasings, in neither
nlu/danger.yml nor the blind set."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect
from bot.understanding.embedded import DangerModel, EmbeddedModel, EmbeddedUnderstanding, train
from bot.understanding.training import Example
from tests.conftest import Person

ONLY_THE_MODEL_HEARS = [
    "el señor de la casa no nos deja salir y nos quito los telefonos a todos",
    "mi sobrina de 12 años trabaja todo el dia en la casa de una señora y no la dejan ir a la "
    "escuela ni llamarnos",
    "ya no aguanto, creo que lo mejor es desaparecer para siempre",
    "me cobran 50 dolares cada semana para dejarme vender en la calle y si no pago me pegan",
]

ORDINARY = [
    "como saco la visa de residencia temporal",
    "donde puedo vacunar a mi hijo gratis",
    "cuanto cuesta la cedula de extranjero",
    "mi jefe no me paga las horas extras que hago",
    "quiero estudiar en la universidad en quito",
    "can my kids go to public school without a visa",
]


def test_the_model_is_trained_from_nlu_danger_yml(nlu_model: EmbeddedModel) -> None:
    assert isinstance(nlu_model.danger, DangerModel)
    assert nlu_model.danger.weights.shape == (len(nlu_model.danger.features.vocabulary),)


@pytest.mark.parametrize("text", ONLY_THE_MODEL_HEARS)
def test_it_hears_danger_the_patterns_miss(nlu: EmbeddedUnderstanding, text: str) -> None:
    assert detect(text) is None, "a message for the model, not the patterns"
    assert nlu.sounds_dangerous(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_stay_quiet(nlu: EmbeddedUnderstanding, text: str) -> None:
    assert not nlu.sounds_dangerous(text)


def test_without_danger_examples_there_is_no_model() -> None:
    examples = [Example(f"hola {i}", "greet") for i in range(5)] + [
        Example(f"visa {i}", "kb.visa", group="regularisation") for i in range(5)
    ]
    model = train(examples, "fp", calibrate=False)
    assert model.danger is None
    assert not EmbeddedUnderstanding(model).sounds_dangerous("me quieren matar")


async def test_the_engine_acts_on_it_with_emergency_information_first(runtime) -> None:
    person = Person(runtime, "sms", "+593990009001")
    result = await person.says(ONLY_THE_MODEL_HEARS[0])
    assert result.urgent and result.handoff
    assert "911" in result.rendered[0].text
