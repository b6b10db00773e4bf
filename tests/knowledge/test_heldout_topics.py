"""Held-out questions, written the way people text, reach the right topic through the engine.

None of these is among any article's `questions` (checked below), so this measures whether the
assistant generalises beyond the examples it was trained on. Do not weaken a failing case: fix the
understanding, or add a phrasing to an article only when that article really answers it.
"""

from __future__ import annotations

import pytest

from bot.knowledge.loader import fold_question
from bot.knowledge.models import TOPICS, KnowledgeBase
from tests.conftest import Person

HELD_OUT: dict[str, dict[str, list[str]]] = {
    "rights": {
        "es": [
            "oye es cierto q los extranjeros tenemos los mismos derechos q un ecuatoriano",
            "me gritaron ilegal en la calle, existe eso de ser ilegal aca?",
            "mi nena nacio en el hospital de ibarra, ella es ecuatoriana aunq yo no tenga visa?",
            "q cambio con la reforma de la ley de movilidad del 2025",
        ],
        "en": [
            "do migrants in ecuador have the same rights as locals",
            "someone called me illegal, is that a thing here",
            "my baby was born in quito, is she ecuadorian even tho i have no visa",
            "what changed in the migration law in october 2025",
        ],
    },
    "regularisation": {
        "es": [
            "como saco la cedula de extranjero una vez q tenga la visa",
            "soy colombiano q visa me toca pa quedarme a vivir aca",
            "se me paso el tiempo de turista hace 2 meses, me van a multar?",
            "la virte se puede renovar? la mia vence en marzo",
        ],
        "en": [
            "how do i get a cedula as a foreigner",
            "im colombian what visa can i get to live here",
            "overstayed my tourist days, whats the fine",
            "can i still renew my virte visa",
        ],
    },
    "protection": {
        "es": [
            "me amenazaron en mi pais y no puedo volver, como pido asilo aca",
            "me negaron el refugio q puedo hacer ahora",
            "mientras espero la respuesta del refugio puedo trabajar?",
            "ningun pais me reconoce como ciudadano q hago",
        ],
        "en": [
            "i cant go back to my country its dangerous, how do i ask for asylum here",
            "my refugee application got rejected what now",
            "can i work while waiting for my refugee decision",
            "no country recognizes me as a citizen what can i do",
        ],
    },
    "health": {
        "es": [
            "estoy embarazada y no tengo cedula, me atienden en el hospital publico?",
            "mi hijo necesita vacunas pero no tiene papeles",
            "en el centro de salud no me quisieron atender x ser venezolana",
            "como saco turno pa el medico",
        ],
        "en": [
            "im pregnant and undocumented can i give birth at a public hospital",
            "can my kids get vaccinated without papers",
            "the clinic refused to see me because im venezuelan",
            "how do i book a doctor appointment",
        ],
    },
    "education": {
        "es": [
            "quiero inscribir a mi hijo en la escuela pero no tengo sus notas",
            "ya pasaron las matriculas, todavia puede entrar mi hija al colegio?",
            "como registro mi titulo de la universidad de venezuela aca",
            "mi hijo tiene 10 años en q grado lo ponen si no tiene papeles de la escuela",
        ],
        "en": [
            "can i enroll my son in school without his report cards",
            "enrolment period is over can my daughter still start school",
            "how do i get my university degree recognized here",
            "my kid is 10 and has no school records what grade will he go in",
        ],
    },
    "work": {
        "es": [
            "el patron me paga 250 dolares al mes, eso es legal?",
            "mi jefe no me quiere afiliar al seguro social",
            "q papeles necesito pa poder trabajar legal aca",
            "no me pagaron el mes, donde pongo la queja",
        ],
        "en": [
            "whats the minimum wage in ecuador right now",
            "my boss wont register me with IESS",
            "what visa lets me work legally",
            "my employer didnt pay me this month where do i complain",
        ],
    },
    "services": {
        "es": [
            "donde me dan comida gratis en quito",
            "necesito un abogado gratis pa mi tramite",
            "perdi contacto con mi hermano en el camino, como lo busco",
            "acnur tiene whatsapp?",
        ],
        "en": [
            "where can i get free food in quito",
            "i need a free lawyer for my immigration case",
            "lost contact with my brother on the way here, how can i find him",
            "does unhcr have a whatsapp number",
        ],
    },
    "safety": {
        "es": [
            "un señor me ofrece sacarme la visa rapido por 300 dolares, es confiable?",
            "como denuncio a mi ex por violencia",
            "me ofrecieron trabajo en otra ciudad pero me piden el pasaporte, puede ser trata?",
            "cual es el numero de emergencias en ecuador",
        ],
        "en": [
            "a guy says he can get me a visa fast for 300 dollars, legit?",
            "how do i report my ex for domestic violence",
            "they offered me a job in another city but want my passport, could it be trafficking",
            "what is the emergency number in ecuador",
        ],
    },
    "housing": {
        "es": [
            "el casero se quedo con los 300 de garantia y ya le entregue el depa limpio",
            "la dueña dice q si no le pago el mes q debo me cambia la chapa, puede hacer eso?",
            "el dueño nos desconecto la luz del cuarto hace 3 dias pa presionarnos",
            "llamo por el anuncio del departamento y al oir que soy venezolano me cuelgan",
        ],
        "en": [
            "the landlord is keeping my deposit even tho i left the flat clean",
            "my landlady threw my clothes on the sidewalk because i owe one month",
            "they turned off the power in our rented room so we leave, i have a baby",
            "every time i call about an apartment and they hear im venezuelan they hang up",
        ],
    },
    "returnees": {
        "es": [
            "soy ecuatoriano y regrese de españa, q beneficios tengo",
            "donde saco el certificado de migrante retornado",
            "mi esposa es venezolana, ella puede pedir el certificado de retornado conmigo?",
            "volvi de estados unidos como homologo mi licencia de manejar",
        ],
        "en": [
            "im ecuadorian and just came back from spain, what benefits do i get",
            "where do i get the returning migrant certificate",
            "my wife is venezuelan can she get the returnee certificate with me",
            "came back from the us, how do i swap my driving licence",
        ],
    },
}
CASES = [(topic, lang) for topic in HELD_OUT for lang in ("es", "en")]


def test_every_topic_has_three_held_out_questions_per_language() -> None:
    assert set(HELD_OUT) == set(TOPICS)
    for topic, by_lang in HELD_OUT.items():
        for lang in ("es", "en"):
            assert len(by_lang[lang]) >= 3, (topic, lang)


def test_held_out_questions_are_not_article_questions(kb: KnowledgeBase) -> None:
    known = {fold_question(q) for article in kb.articles.values() for q in article.questions}
    reused = [
        question
        for by_lang in HELD_OUT.values()
        for questions in by_lang.values()
        for question in questions
        if fold_question(question) in known
    ]
    assert not reused


@pytest.mark.parametrize(("topic", "lang"), CASES)
async def test_held_out_questions_reach_their_topic(sqlite_runtime, topic: str, lang: str) -> None:
    missed = []
    for number, question in enumerate(HELD_OUT[topic][lang]):
        # a new person each time: the first message of a conversation, as people really start
        person = Person(sqlite_runtime, "web", f"heldout-{topic}-{lang}-{number}")
        result = await person.says(question)
        if result.topic != topic:
            missed.append((question, result.topic, result.intent, result.confidence))
    assert not missed, missed
