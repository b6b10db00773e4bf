"""How people write: voseo, slang, SMS shorthand and misspellings, English mixed with Spanish,
Spanish with mistakes, and the other languages a ticket names (#16)."""

from __future__ import annotations

import pytest

from bot.knowledge.models import KnowledgeBase
from bot.understanding.embedded import EmbeddedUnderstanding
from bot.understanding.entities import extract_entities
from bot.understanding.language import identify, unsupported
from bot.understanding.normalize import normalize


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("vos tenés cédula?", "tu tienes cedula"),
        ("¿podés ayudarme? sos de acá?", "puedes ayudarme eres de aca"),
        ("necesito chamba", "necesito trabajo"),
        ("busco camello", "busco trabajo"),
        ("no tengo plata", "no tengo dinero"),
        ("mi pelado y mi chamito", "mi niño y mi niño"),
        ("la migra me paró", "la migracion me paro"),
        ("yo no abla bien", "yo no habla bien"),
        ("mi ijo sta enfermo", "mi hijo esta enfermo"),
        ("no tengo sedula ni bisa", "no tengo cedula ni visa"),
        ("muxo trabajo aki porfavor", "mucho trabajo aqui por favor"),
        ("salu2 bno pz", "saludos bueno pues"),
        ("me deportaron de gringolandia", "me deportaron de estados unidos"),
    ],
)
def test_slang_voseo_and_misspellings_become_the_plain_word(text: str, plain: str) -> None:
    assert normalize(text) == plain


def test_nationality_slang_is_kept_for_the_entities() -> None:
    values = {e["value"] for e in extract_entities("hola chamo, soy parcero") if e["entity"]}
    assert {"venezuelan", "colombian"} <= values


@pytest.mark.parametrize(
    "text",
    [
        "yo no abla bien espanol",
        "mi no abla espanol bien",
        "yo kiere trabaja aki",
        "ablo poquito español",
        "nesecito ayuda con mi ijo",
        "mi no sabe aser la cedula",
        "ola nesesito trabajo x favor",
    ],
)
def test_spanish_with_mistakes_stays_spanish(text: str) -> None:
    assert identify(text) == "es"
    assert unsupported(text) is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("mwen bezwen travay, mwen pa gen papye", "ht"),
        ("bonjou, kijan mwen ka jwenn yon dokte", "ht"),
        ("bonjour, je cherche du travail à Quito", "fr"),
        ("j'ai besoin d'aide pour mon visa", "fr"),
        ("olá, preciso de ajuda com o visto", "pt"),
        ("eu não tenho documentos, posso trabalhar?", "pt"),
    ],
)
def test_other_languages_are_named(text: str, lang: str) -> None:
    assert identify(text) == lang
    assert unsupported(text) == lang


def test_parse_carries_the_other_language(nlu: EmbeddedUnderstanding) -> None:
    assert nlu.parse_sync("mwen bezwen ede pou papye mwen").lang == "ht"
    assert nlu.parse_sync("yo no abla bien espanol").lang == "es"


def test_spanish_with_mistakes_is_not_a_request_for_english(nlu: EmbeddedUnderstanding) -> None:
    parsed = nlu.parse_sync("yo no abla bien espanol")
    assert parsed.intent.name != "change_language", parsed.intent_ranking[:3]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("vos sabés donde puedo sacar la cedula?", "regularisation"),
        ("parce necesito camello urgente, como saco permiso de trabajo", "work"),
        ("q hubo, toy buscando chamba pero no tengo visa", "work"),
        ("mi pelado no tiene cupo en la escuela q hago", "education"),
        ("el man del arriendo me quiere botar", "housing"),
        ("mi guagua necesita vacunas dnd le ponen", "health"),
        ("mi hija needs to go to school pero no tenemos papers", "education"),
        ("how can i get la cedula if my pasaporte is expired", "regularisation"),
    ],
)
def test_slang_and_mixed_languages_reach_the_topic(
    nlu: EmbeddedUnderstanding, kb: KnowledgeBase, text: str, topic: str
) -> None:
    parsed = nlu.parse_sync(text)
    assert parsed.intent.name.startswith("kb."), parsed.intent_ranking[:3]
    assert kb.topic_of(parsed.intent.name[3:]) == topic, parsed.intent_ranking[:3]
