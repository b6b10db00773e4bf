"""Transcripts of issue 16 on the web chat and by SMS: a greeting does not swallow the question,
several problems in one message, follow-ups of the last answer, clarifying questions, typed
menu labels. On SMS every reply stays within its segment budget and a digit answers the last
numbered list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import gsm7
from bot.cli import turn_json
from bot.dialogue.thread import FOLLOWUP_WINDOW
from bot.messages import TurnResult
from bot.understanding.base import Intent, ParseResult
from tests.conftest import Person

CHANNELS = ["web", "sms"]


def shown(result: TurnResult) -> str:
    """Everything the person sees in this turn, as one string."""
    return "\n".join(r.text for r in result.rendered)


def labels(result: TurnResult) -> list[str]:
    """The labels of the turn's choices, in the order a digit picks them."""
    return [c["label"] for r in result.rendered for c in r.choices]


def within_budget(result: TurnResult, channel: str) -> None:
    """SMS: every message GSM-7 in at most 2 segments, the choices numbered 1..n once."""
    if channel != "sms":
        return
    for sms in result.rendered:
        assert sms.segments is not None and sms.segments <= 2 and sms.encoding == "GSM-7"
    for number, label in enumerate(labels(result), 1):
        assert f"\n{number} {gsm7.transliterate(label)}" in shown(result)
    assert f"\n{len(labels(result)) + 1} " not in shown(result)


async def choose(person: Person, result: TurnResult, label: str) -> TurnResult:
    """Press the button (web) or send the digit (SMS) of the choice labelled `label`."""
    offered = [c for r in result.rendered for c in r.choices]
    names = [c["label"] for c in offered]
    assert label in names, f"{label!r} not offered: {names}"
    if person.channel == "web":
        return await person.picks(offered[names.index(label)]["id"])
    return await person.says(str(names.index(label) + 1))


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_greeting_does_not_swallow_the_question(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"v2-greet-{channel}")
    # user says: buenos dias, como saco la visa
    result = await person.says("buenos dias, como saco la visa")
    # bot says: Buenos días, then the visa answer (not the welcome menu)
    assert result.article_ids == ["reg-visas-residence"] and result.topic == "regularisation"
    assert shown(result).startswith("Buenos d")
    assert "soy Rumbo" not in shown(result)
    within_budget(result, channel)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_sick_child_without_cedula_is_answered_about_health(
    sqlite_runtime, channel
) -> None:
    person = Person(sqlite_runtime, channel, f"v2-fever-{channel}")
    text = (
        "hola buenas, mi hijo tiene fiebre alta y no tenemos cedula, lo atienden en el centro "
        "de salud?"
    )
    result = await person.says(text)
    assert result.topic == "health" and not result.fallback
    assert result.article_ids == ["health-access"]
    assert shown(result).startswith("Hola.")
    within_budget(result, channel)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_only_a_greeting_still_gets_the_welcome(sqlite_runtime, channel) -> None:
    result = await Person(sqlite_runtime, channel, f"v2-hola-{channel}").says("hola buenas tardes")
    assert result.intent == "greet" and "soy Rumbo" in shown(result)
    assert len(labels(result)) == 12


@pytest.mark.parametrize("channel", CHANNELS)
async def test_danger_still_beats_the_greeting(sqlite_runtime, channel) -> None:
    result = await Person(sqlite_runtime, channel, f"v2-danger-{channel}").says(
        "hola buenos dias, mi esposo me pega y tengo miedo, donde saco la visa?"
    )
    assert result.urgent and result.danger is not None
    assert "911" in shown(result) and not shown(result).startswith("Buenos")


@pytest.mark.parametrize("channel", CHANNELS)
async def test_three_problems_status_first_then_the_others_as_choices(
    sqlite_runtime, channel
) -> None:
    person = Person(sqlite_runtime, channel, f"v2-three-{channel}")
    result = await person.says(
        "tengo el pasaporte vencido, escuche que hay una nueva amnistia y mi hija necesita "
        "entrar a la escuela"
    )
    # bot says: a papers answer first (status), then "También preguntaste por: ..." with the
    # school enrolment among the choices of the same numbered list
    assert result.topic == "regularisation"
    assert "También preguntaste por:" in gsm7.transliterate(shown(result)) or (
        "Tambien preguntaste por:" in shown(result)
    )
    school = sqlite_runtime.kb.article("education-enrolment", "es").title
    assert school in labels(result)
    within_budget(result, channel)
    # user picks the school
    picked = await choose(person, result, school)
    assert picked.article_ids == ["education-enrolment"]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_expired_visa_and_cedula_answers_the_visa_and_offers_the_cedula(
    sqlite_runtime, channel
) -> None:
    person = Person(sqlite_runtime, channel, f"v2-two-{channel}")
    result = await person.says("se me vencio la visa y tambien la cedula")
    assert result.topic == "regularisation"
    assert result.article_ids != ["reg-cedula-foreigners"]
    cedula = sqlite_runtime.kb.article("reg-cedula-foreigners", "es").title
    assert cedula in labels(result)
    within_budget(result, channel)
    assert (await choose(person, result, cedula)).article_ids == ["reg-cedula-foreigners"]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_follow_ups_answer_the_facet_or_say_it_is_not_known(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"v2-thread-{channel}")
    kb = sqlite_runtime.kb
    article = kb.article("reg-visas-residence", "es")
    first = await person.says("como saco la visa")
    assert first.article_ids == [article.id]
    # user says: y donde? -> the article's sourced "where"
    where = await person.says("y donde?")
    assert where.article_ids == [article.id] and not where.fallback
    assert gsm7.transliterate("eVisas") in shown(where)
    within_budget(where, channel)
    # user says: y cuanto cuesta? -> the article has no cost: said honestly, whole answer offered
    cost = await person.says("y cuanto cuesta?")
    assert "no dice cu" in gsm7.transliterate(shown(cost)).replace("á", "a")
    assert labels(cost) == ["Ver la respuesta completa", "Hablar con una persona"]
    within_budget(cost, channel)
    # user says: y si no tengo pasaporte -> the documents the article lists
    documents = await person.says("y si no tengo pasaporte")
    assert "antecedentes penales" in shown(documents)
    within_budget(documents, channel)
    full = await choose(person, documents, "Ver la respuesta completa")
    assert full.article_ids == [article.id]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_english_follow_up(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"v2-en-{channel}")
    first = await person.says("good morning, can I see a doctor without papers?")
    assert first.lang == "en" and first.article_ids == ["health-access"]
    assert shown(first).startswith("Good morning.")
    cost = await person.says("and how much does it cost?")
    assert cost.article_ids == ["health-access"] and not cost.fallback
    assert "does not say how much it costs" in shown(cost)
    kids = await person.says("and for my kids?")
    assert kids.article_ids and kids.topic == "health" and not kids.fallback
    within_budget(kids, channel)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_where_to_complain_stays_with_the_last_answer(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"v2-complain-{channel}")
    first = await person.says("no me quieren arrendar por ser venezolana")
    assert first.article_ids == ["housing-discrimination"]
    # "quejo", "reclamo", "denuncio" ask where to go: they name no subject of their own
    for text in ("y a donde me quejo?", "ok y donde denuncio eso", "donde pido ayuda"):
        where = await person.says(text)
        assert where.article_ids == ["housing-discrimination"], text
        assert "Defensor" in shown(where)
        within_budget(where, channel)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_bare_y_offers_the_parts_of_the_last_answer(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"v2-more-{channel}")
    kb = sqlite_runtime.kb
    article = kb.article("reg-cedula-foreigners", "es")
    first = await person.says("como saco la cedula de extranjero")
    assert first.article_ids == [article.id]
    more = await person.says("y entonces?")
    assert more.article_ids == [article.id] and not more.urgent
    assert labels(more)[0] == "Cuánto cuesta"
    within_budget(more, channel)
    cost = await choose(person, more, "Cuánto cuesta")
    assert cost.article_ids == [article.id]
    assert gsm7.transliterate(article.facets["cost"][:20]) in gsm7.transliterate(shown(cost))


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_new_question_is_not_a_follow_up(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"v2-new-{channel}")
    await person.says("como saco la cedula de extranjero")
    new = await person.says("y como matriculo a mis hijos en la escuela")
    assert new.article_ids == ["education-enrolment"]


async def test_a_follow_up_after_the_window_is_a_new_question(sqlite_runtime) -> None:
    start = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    now = [start]
    sqlite_runtime.engine.clock = lambda: now[0]
    person = Person(sqlite_runtime, "sms", "v2-window")
    await person.says("como saco la visa")
    now[0] = start + timedelta(hours=5)  # hours later, as SMS users answer
    assert (await person.says("y donde?")).intent == "kb.reg-visas-residence"
    now[0] = now[0] + FOLLOWUP_WINDOW + timedelta(minutes=1)
    late = await person.says("y donde?")
    # not the old answer's "where": the thread is over, so the person is asked what about
    assert late.article_ids == []
    assert "tema es tu pregunta" in shown(late)


def close_readings(runtime, monkeypatch, text: str) -> None:
    """The model reads `text` as two articles, too close to pick (the rest as it would)."""
    real = runtime.nlu.parse

    async def parse(message: str) -> ParseResult:
        parsed = await real(message)
        if message.strip() != text:
            return parsed
        ranking = [Intent("kb.reg-visas-residence", 0.41), Intent("kb.reg-after-virte", 0.37)]
        return ParseResult(message, ranking[0], ranking, [], parsed.lang)

    monkeypatch.setattr(runtime.nlu, "parse", parse)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_close_readings_ask_one_short_question(sqlite_runtime, channel, monkeypatch) -> None:
    close_readings(sqlite_runtime, monkeypatch, "como hago con mis papeles")
    person = Person(sqlite_runtime, channel, f"v2-clarify-{channel}")
    result = await person.says("como hago con mis papeles")
    data = turn_json(result)
    assert data["clarify"] is True and not data["fallback"]
    offered = labels(result)
    assert 2 <= len(offered) <= 3
    within_budget(result, channel)
    picked = await choose(person, result, offered[0])
    assert turn_json(picked)["clarify"] is False and len(picked.article_ids) == 1


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_clear_question_is_not_a_clarify(sqlite_runtime, channel) -> None:
    result = await Person(sqlite_runtime, channel, f"v2-clear-{channel}").says(
        "puedo ir al medico sin cedula?"
    )
    assert turn_json(result)["clarify"] is False and result.article_ids == ["health-access"]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_typed_menu_labels_first_and_from_an_older_list(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"v2-labels-{channel}")
    # user types the label of the menu's services entry as a first message (with a typo)
    first = await person.says("lugares de ayda")
    assert first.topic == "services" and not first.fallback
    # later, after another list, a label of the menu shown two lists before
    await person.says("menu")
    answer = await person.says("como saco la visa")
    assert "Salud" not in labels(answer)
    health = await person.says("salud")
    assert health.topic == "health" and not health.fallback
    assert all(c["id"].startswith(("article:", "menu")) for r in health.rendered for c in r.choices)
