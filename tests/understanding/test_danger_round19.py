"""Child sexual abuse told with Andean, Venezuelan or English words (issue 12, noticed under
issue 16): "guagua" (a small child in Ecuador, a bus in Cuba), "chama" (a girl, or a girlfriend)
with an age, a little sister, "abused my daughter". Each got the children's article with no
alarm and no urgent ticket. Written for these tests, not copied from any set."""

from __future__ import annotations

import pytest

from bot.understanding.danger import detect


@pytest.mark.parametrize(
    "text",
    [
        "el vecino toca a mi guagua",
        "a mi guagua la toca el tio cuando la cuida",
        "mi guagua de 3 años la toca el primo",
        "mi chama de 12 años la toca el padrastro",
        "el padrastro abusa de mi chama de 12 anos",
        "mi pelado de 9 lo esta manoseando el entrenador",
        "mi hermanita de 10 años la toca mi padrastro",
        "estan abusando a mi hija de 8 años",
        "mi sobrina de 11 fue abusada por el novio de mi hermana",
        "my uncle abused my daughter",
        "my little sister is being abused by her teacher",
        "my lil bro was touched by the neighbour",
        "my 8 year old is being molested by her stepdad",
    ],
)
def test_a_child_abused_is_a_child_at_risk(text: str) -> None:
    found = detect(text)
    assert found is not None and found.category == "child_risk", (text, found)


@pytest.mark.parametrize(
    "text",
    [
        # Cuban buses, and "toca a mi guagua" = my child has to.
        "la guagua a quito sale a las 6, cuanto cuesta?",
        "me toca coger la guagua temprano para la cita de migracion",
        "toca a mi guagua sacar la cedula tambien?",
        "ahora toca a mi guagua el control de niño sano",
        "toca a mi guagua o a mi el turno?",
        # "chama" with an age, and "le toca" = it is her turn, she gets.
        "mi chama de 12 años le toca la matricula en marzo",
        "mi chama de 12 años toca la viola en el colegio",
        "mi hermanita de 9 años le toca el piano a la abuela",
        "mi guagua nacio aca, le toca cedula ecuatoriana?",
        "a mi chamo de 10 años le violaron sus derechos, no lo dejaron matricular",
        "mi chamo de 5 años lo desnude para bañarlo y tiene ronchas",
        "mi chama de 14 años la abusan con bullying en el colegio, cambio de escuela?",
        # English: a possession, a feeling.
        "the notary abused my son's trust and charged him double",
        "my son was touched by your help, thank you",
        "my girl was touched by your kind message",
        "my little sister wants to study here, what papers?",
        # A thing of mine, not my body (the violence patterns' "abuses my").
        "my boss abuses my hours, can I complain?",
    ],
)
def test_the_same_words_in_ordinary_questions_are_no_alarm(text: str) -> None:
    assert detect(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "sali de buenaventura porque mataron a mi primo y a mi me amenazaron, como pido refugio"
        " aca?",
        "me negaron el refugio, yo me vine de cucuta en 2023 porque me querian reclutar, puedo"
        " apelar?",
        "en mi pais me golpeaban por ser gay, eso cuenta para pedir refugio?",
        "I fled my country because the militia threatened my family, how do I apply for asylum?",
    ],
)
def test_the_persecution_a_refugee_claim_rests_on_is_no_alarm(text: str) -> None:
    # Leaving each development set out (2026-12-06): refugee questions that told why the writer
    # fled got ECU 911 and an urgent ticket instead of how to apply.
    assert detect(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "sali de colombia porque me amenazaron y aca en quito ya me encontraron, puedo pedir"
        " refugio?",
        "me vine huyendo de los paras y ahora me siguen aqui en lago agrio, como pido refugio?",
        "hui de venezuela y me mandan mensajes que tengo hasta el viernes o me matan, pido asilo?",
        "estoy detenido en el aeropuerto, sali de mi pais por amenazas, quiero pedir refugio",
        "hui de colombia y aca en quito me encontraron, como pido refugio?",
        "they found me here in quito, the gang i escaped from, how do i ask for asylum?",
    ],
)
def test_a_threat_here_and_now_beside_a_refugee_question_still_alarms(text: str) -> None:
    assert detect(text) is not None, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Where the person fled from never silences these kinds (a review of 2026-12-06).
        (
            "me negaron el refugio y ya no quiero vivir, sali de venezuela, mejor me mato",
            "self_harm",
        ),
        ("tengo 15 años, me vine solo de venezuela, duermo en la calle, como pido refugio", None),
        ("el coyote nos quito los pasaportes y nos encerro en una casa, como pedimos asilo", None),
        ("my partner beats me every day, we left my country in 2021, can i ask for asylum", None),
        ("me amenazaron por telefono hoy, sali de nariño por eso, puedo solicitar refugio", None),
    ],
)
def test_fleeing_from_abroad_does_not_silence_danger_here(text: str, category: str | None) -> None:
    found = detect(text)
    assert found is not None, text
    assert category is None or found.category == category, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "me pueden devolver a colombia si alla me quieren matar?",
        "en colombia hay grupos armados que me amenazan, eso cuenta para refugio?",
        "sali de colombia por amenazas y me siguen negando el refugio, que hago?",
        "hui de venezuela y aca en quito me encontraron trabajo, como pido refugio?",
        "como solicito refugio en ecuador? sali de colombia porque me amenazaron en el cauca",
    ],
)
def test_danger_told_of_there_is_a_protection_question(text: str) -> None:
    assert detect(text) is None, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("compre pastillas para hacerme daño", "self_harm"),
        ("quiero hacerme daño", "self_harm"),
        # Someone else out to harm the writer: an alarm, not a self-harm one.
        ("mi ex me busca para hacerme daño, esta afuera", "distress"),
        ("quieren hacerme daño los del barrio aqui", "armed_threat"),
    ],
)
def test_hacerme_dano_is_self_harm_only_when_the_writer_means_it(text: str, category: str) -> None:
    found = detect(text)
    assert found is not None and found.category == category, (text, found)


def test_sent_back_where_they_want_to_harm_me_is_a_protection_question() -> None:
    text = "pueden mandarme de vuelta a un pais donde me buscan para hacerme daño? tengo abogado?"
    assert detect(text) is None
