"""Transcripts of the regularisation guide, as Telegram buttons and as SMS numbered lists."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from bot import gsm7
from bot.channels.sms.render import compose
from bot.dialogue.state import DialogueState
from bot.dialogue.turn import Turn
from bot.flows import guide
from bot.flows.guide_texts import OPTIONS
from bot.knowledge.models import KnowledgeBase
from bot.messages import InboundMessage, TurnResult
from tests.conftest import Person

CHANNELS = ["telegram", "sms"]
# Words that would tell someone they have no way forward, or promise an outcome or an amnesty.
NEVER = (
    "no tienes opcion",
    "no hay opcion",
    "ninguna opcion",
    "no option",
    "you have no",
    "garantiz",
    "guarantee",
    "te aprobaran",
    "will be approved",
    "amnistia abierta",
    "open amnesty",
)
COLOMBIAN = ["Colombia", "Paso oficial, con pasaporte o cédula", "Pasaporte vigente", "No", "No"]


def shown(result: TurnResult) -> str:
    """Everything the person sees in this turn, as one string."""
    return "\n".join(r.text for r in result.rendered)


def offered(result: TurnResult) -> list[dict[str, str]]:
    """The choices of the turn (buttons or numbered lines)."""
    return [c for r in result.rendered for c in r.choices]


def ids(result: TurnResult) -> list[str]:
    """The choice ids of the turn."""
    return [c["id"] for c in offered(result)]


def assert_rendered(result: TurnResult, channel: str) -> None:
    """Choices are buttons on Telegram, and `N label` lines in one SMS of at most 2 segments."""
    choices = offered(result)
    assert choices
    if channel == "telegram":
        buttons = [b[0]["text"] for r in result.rendered for b in r.payload.get("buttons", [])]
        assert buttons == [c["label"] for c in choices]
        return
    assert len(result.rendered) == 1
    sms = result.rendered[0]
    assert sms.segments is not None and sms.segments <= 2 and sms.encoding == "GSM-7"
    assert "(MAS)" not in sms.text and "(MORE)" not in sms.text
    for number, choice in enumerate(choices, 1):
        assert f"{number} {gsm7.transliterate(choice['label'])}" in sms.text


async def choose(person: Person, result: TurnResult, label: str) -> TurnResult:
    """Tap the button (Telegram) or send the digit (SMS) of the choice labelled `label`."""
    labels = [c["label"] for c in offered(result)]
    assert label in labels, f"{label!r} not offered: {labels}"
    if person.channel == "telegram":
        return await person.picks(offered(result)[labels.index(label)]["id"])
    return await person.says(str(labels.index(label) + 1))


async def open_guide(person: Person, lang: str = "es") -> TurnResult:
    """MENU -> the regularisation topic -> the guide's first question."""
    menu = await person.says("menu", lang_hint=lang)
    label = next(c["label"] for c in offered(menu) if c["id"] == "topic:regularisation")
    topic = await choose(person, menu, label)
    assert ids(topic)[0] == "guide:start"
    first = await choose(person, topic, offered(topic)[0]["label"])
    assert_rendered(first, person.channel)
    return first


async def run_guide(person: Person, answers: list[str], lang: str = "es") -> TurnResult:
    """Open the guide and answer each question by its label; returns the result turn."""
    result = await open_guide(person, lang)
    for label in answers:
        assert result.topic == "regularisation"
        assert_rendered(result, person.channel)
        result = await choose(person, result, label)
    assert_rendered(result, person.channel)
    return result


@pytest.mark.parametrize("channel", CHANNELS)
async def test_colombian_with_passport_is_offered_the_mercosur_visa(sqlite_runtime, channel):
    person = Person(sqlite_runtime, channel, "g-colombia")
    result = await run_guide(person, COLOMBIAN)
    # bot says: the paths that may fit, each one digit or tap from its sourced article
    assert ids(result)[0] == "article:reg-mercosur-visa"
    assert "article:services-legal-aid" in ids(result)
    assert ids(result)[-2:] == ["human", "menu"]
    assert "article:protection-apply-refugee" not in ids(result)
    if channel == "telegram":
        assert "Cancillería" in shown(result) and "USD 50 + USD 200" in shown(result)
        assert "no es una decisión oficial" in shown(result).lower()
    article = await choose(person, result, "Visa Mercosur")
    assert article.article_ids == ["reg-mercosur-visa"]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_fear_of_return_leads_to_protection_and_free_legal_aid(sqlite_runtime, channel):
    person = Person(sqlite_runtime, channel, "g-fear")
    answers = ["Venezuela", "Paso no oficial", "Pasaporte vencido", "No", "Sí"]
    result = await run_guide(person, answers)
    # protection first: it is the most pressing path
    assert ids(result)[0] == "article:protection-apply-refugee"
    assert "article:services-legal-aid" in ids(result)
    assert "article:reg-virte-ended" in ids(result)
    assert "human" in ids(result)
    if channel == "telegram":
        text = shown(result)
        assert "Defensoría Pública" in text and "gob.ec" in text
        assert "No conocemos ningún proceso de regularización abierto" in text
    else:
        assert "Pedir refugio" in shown(result) and "Asesoria legal gratis" in shown(result)
    refugee = await choose(person, result, "Pedir refugio")
    assert refugee.article_ids == ["protection-apply-refugee"]
    assert refugee.topic == "protection"


@pytest.mark.parametrize("channel", CHANNELS)
async def test_no_documents_no_family_still_gets_options_and_a_person(sqlite_runtime, channel):
    person = Person(sqlite_runtime, channel, "g-nothing")
    answers = ["Otro país", "No sé", "Ninguno", "No", "Prefiero no decir"]
    result = await run_guide(person, answers)
    articles = [i for i in ids(result) if i.startswith("article:")]
    assert len(articles) >= 3
    assert "article:services-legal-aid" in articles
    assert "article:protection-who-is-refugee" in articles
    assert "human" in ids(result)
    folded = gsm7.transliterate(shown(result)).lower()
    assert not [word for word in NEVER if word in folded]
    person_turn = await choose(person, result, "Hablar con una persona")
    assert person_turn.handoff


@pytest.mark.parametrize("channel", CHANNELS)
async def test_english_transcript(sqlite_runtime, channel):
    person = Person(sqlite_runtime, channel, "g-english")
    first = await open_guide(person, "en")
    assert first.lang == "en" and "1/5 Which country are you from?" in shown(first)
    answers = ["Other Mercosur country", "Official border post, with passport or ID"]
    answers += ["Only my country's ID card", "Yes, partner or child", "No"]
    result = first
    for label in answers:
        result = await choose(person, result, label)
    assert_rendered(result, channel)
    assert ids(result)[:2] == ["article:reg-mercosur-visa", "article:reg-visas-residence"]
    assert "Talk to a person" in [c["label"] for c in offered(result)]
    if channel == "telegram":
        assert "Ecuadorian by birth" in shown(result)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_word_instead_of_a_number_is_asked_again_politely(sqlite_runtime, channel):
    person = Person(sqlite_runtime, channel, "g-reask")
    first = await open_guide(person)
    # user says: not a number; bot says: sorry, and the same question again
    again = await person.says("soy de cucuta pana")
    assert "perdon, no entendi" in gsm7.transliterate(shown(again)).lower()
    assert "1/5" in shown(again) and ids(again) == ids(first)
    assert_rendered(again, channel)
    out_of_range = await person.says("9")
    assert "1/5" in shown(out_of_range)
    # a typed label is understood too, then a digit
    second = await person.says("colombia")
    assert "2/5" in shown(second)
    third = await person.says("1")
    assert "3/5" in shown(third)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_menu_leaves_the_guide(sqlite_runtime, channel):
    person = Person(sqlite_runtime, channel, "g-menu")
    await open_guide(person)
    await person.says("2")
    menu = await person.says("MENU")
    assert "topic:regularisation" in ids(menu)
    # a question afterwards is answered, not taken as an answer to the guide
    answer = await person.says("puedo ir al medico sin cedula?")
    assert answer.topic == "health" and "2/5" not in shown(answer)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_human_during_the_guide_opens_a_handoff_and_leaves_it(sqlite_runtime, channel):
    person = Person(sqlite_runtime, channel, "g-human")
    await open_guide(person)
    handoff = await person.says("HUMANO")
    assert handoff.handoff


def finished(kb: KnowledgeBase, lang: str, answers: dict[str, str]) -> Turn:
    """Run the guide's last step straight on a Turn (no engine), as after four answers."""
    values = {k: v for k, v in answers.items() if k != "fear"}
    turn = Turn(
        inbound=InboundMessage(channel="sms", user="g-all", text=""),
        parse=None,
        danger=None,
        state=DialogueState(guide=values, pending="guide:fear", lang=lang),
        lang=lang,
        kb=kb,
        today=date(2026, 12, 1),
    )
    guide.handle(turn, f"fear:{answers['fear']}")
    return turn


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_combination_offers_paths_legal_aid_and_a_person(kb: KnowledgeBase, lang: str):
    steps = list(OPTIONS)
    for combo in itertools.product(*([v for v, _, _ in OPTIONS[s]] for s in steps)):
        answers = dict(zip(steps, combo, strict=True))
        turn = finished(kb, lang, answers)
        (reply,) = turn.replies
        choice_ids = [c.id for c in reply.choices]
        assert choice_ids[-2:] == ["human", "menu"], answers
        assert "article:services-legal-aid" in choice_ids, answers
        assert len([i for i in choice_ids if i.startswith("article:")]) >= 2, answers
        assert (answers["fear"] == "yes") == (choice_ids[0] == "article:protection-apply-refugee")
        for choice_id in choice_ids[:-2]:
            assert kb.article(choice_id.split(":", 1)[1], lang) is not None
        sms = gsm7.transliterate(compose(turn.replies))
        assert gsm7.segment_count(sms) <= 2 and gsm7.encoding_of(sms) == "GSM-7", answers
        folded = gsm7.transliterate(reply.text).lower()
        assert not [word for word in NEVER if word in folded], answers
        # the sensitive answers are not kept once the result is shown
        assert not turn.state.guide and turn.state.pending is None
        assert "guide" not in turn.state.to_json() and "pending" not in turn.state.to_json()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_question_fits_one_sms_and_the_first_and_a_reask_two(kb: KnowledgeBase, lang: str):
    def segments(turn: Turn) -> int:
        sms = gsm7.transliterate(compose(turn.replies))
        assert gsm7.encoding_of(sms) == "GSM-7"
        return gsm7.segment_count(sms)

    answers = {"nat": "co", "entry": "regular", "docs": "none", "family": "no", "fear": "no"}
    for number in range(len(OPTIONS)):
        turn = finished(kb, lang, answers)
        turn.replies.clear()
        # the answer before this step was just given: the guide asks `step`
        turn.state.guide = {s: answers[s] for s in list(OPTIONS)[:number]}
        if number == 0:
            guide.handle(turn, "start")
            assert segments(turn) <= 2
            continue
        previous = list(OPTIONS)[number - 1]
        turn.state.guide.pop(previous)
        guide.handle(turn, f"{previous}:{answers[previous]}")
        assert f"{number + 1}/5" in turn.replies[0].text and segments(turn) == 1
        turn.replies.clear()
        turn.inbound.text = "no se que poner aqui"
        guide.handle(turn, "text")
        assert f"{number + 1}/5" in turn.replies[0].text and segments(turn) <= 2
