"""The router alone: the flows' declarations composed in a fixed order, safety first (no engine,
no database, no NLU: a Turn built by hand)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.dialogue.state import DialogueState
from bot.dialogue.triggers import FlowSpec, Pending, Route
from bot.dialogue.turn import Turn
from bot.engine.router import MORE_SPEC, ROUTER, Router
from bot.flows.registry import SPECS
from bot.knowledge.models import KnowledgeBase
from bot.messages import InboundMessage, Location
from bot.understanding.base import Intent, ParseResult
from bot.understanding.danger import DangerSignal


def turn(
    text: str = "",
    *,
    kind: str = "text",
    choice_id: str | None = None,
    state: dict[str, Any] | None = None,
    danger: DangerSignal | None = None,
    intent: str | None = None,
    confidence: float = 0.9,
    **flags: Any,
) -> Turn:
    inbound = InboundMessage(
        channel="web",
        user="router-test",
        text=text,
        kind=kind,
        choice_id=choice_id,  # type: ignore[arg-type]
    )
    if kind == "location":
        inbound.location = Location(-0.18, -78.47)
    parse = None
    if intent is not None:
        parse = ParseResult(text, Intent(intent, confidence), [Intent(intent, confidence)])
    return Turn(
        inbound=inbound,
        parse=parse,
        danger=danger,
        state=DialogueState.model_validate(state or {}),
        lang="es",
        kb=KnowledgeBase(),
        today=date(2026, 12, 1),
        **flags,
    )


def test_danger_comes_before_every_keyword_button_and_question() -> None:
    danger = DangerSignal(("violence",))
    assert ROUTER.route(turn("BAJA", danger=danger)) == ("safety", None)
    assert ROUTER.route(turn(kind="choice", choice_id="menu", danger=danger))[0] == "safety"
    assert ROUTER.route(turn("si", state={"pending": "erase"}, danger=danger))[0] == "safety"


def test_a_pending_yes_no_is_read_before_the_keywords() -> None:
    assert ROUTER.route(turn("CANCELAR")) == ("optout", None)
    assert ROUTER.route(turn("CANCELAR", state={"pending": "erase"})) == ("erase_answer", "no")
    assert ROUTER.route(turn("sí", state={"pending": "erase"})) == ("erase_answer", "yes")
    # Free text after the keywords: a keyword still acts, anything else is not a yes.
    assert ROUTER.route(turn("MENU", state={"pending": "erase"})) == ("menu", None)
    assert ROUTER.route(turn("quizas", state={"pending": "erase"})) == ("erase_answer", "no")


def test_keywords_buttons_commands_and_digits_come_from_the_declarations() -> None:
    assert ROUTER.route(turn("  Más! ")) == ("more", None)
    assert ROUTER.route(turn("inglés")) == ("set_language", "en")
    assert ROUTER.route(turn(kind="choice", choice_id="topic:health")) == ("topic", "health")
    assert ROUTER.route(turn(kind="choice", choice_id="nothing:here"))[0] == "menu"
    assert ROUTER.route(turn("/start health")) == ("topic", "health")
    assert ROUTER.route(turn("/start")) == ("greet", None)
    assert ROUTER.route(turn("/nada")) == ("unknown_command", None)
    offered = {"choices": [["human", "Hablar con una persona"], ["menu", "Menú"]]}
    assert ROUTER.route(turn("1", state=offered)) == ("handoff", None)
    assert ROUTER.route(turn("7", state=offered)) == ("bad_number", None)
    assert ROUTER.route(turn("hablar con una persona", state=offered)) == ("handoff", None)
    assert ROUTER.route(turn("🙂")) == ("empty", None)


def test_the_turn_says_what_decided_when_it_was_not_the_meaning() -> None:
    keyword = turn("ayuda", intent="kb.health-access")
    assert ROUTER.route(keyword) == ("help", None)
    assert (keyword.intent, keyword.confidence, keyword.by_meaning) == ("help", 1.0, False)
    article = turn(kind="choice", choice_id="article:health-access")
    ROUTER.route(article)
    assert article.intent == "kb.health-access"


def test_locations_and_media() -> None:
    assert ROUTER.route(turn(kind="location")) == ("services_location", None)
    shelter = {"pending": "shelter_place"}
    assert ROUTER.route(turn(kind="location", state=shelter)) == ("shelter_place", None)
    assert ROUTER.route(turn(kind="media")) == ("media", None)


def test_pending_questions_are_read_and_kept_by_their_own_flows() -> None:
    assert ROUTER.route(turn("huaquillas", state={"pending": "services_place"}))[0] == (
        "services_text"
    )
    assert ROUTER.route(turn("colombia", state={"pending": "guide:nat"})) == ("guide", "text")
    assert ROUTER.keeps("guide", "guide:nat") and not ROUTER.keeps("menu", "guide:nat")
    assert ROUTER.keeps("services_location", "services_place")
    assert ROUTER.keeps("safety", "shelter_place") and not ROUTER.keeps("handoff", "erase")


def test_while_a_ticket_waits() -> None:
    assert ROUTER.route(turn("menu", ticket_open=True)) == ("queue_confirm", None)
    claimed = {"ticket_open": True, "ticket_claimed": True}
    assert ROUTER.route(turn("ayuda", **claimed)) == ("waiting", None)
    assert ROUTER.route(turn("baja", **claimed)) == ("optout", None)
    assert ROUTER.route(turn("mas", **claimed)) == ("more", None)
    queue = {"choices": [["queue:menu", "Menú"], ["queue:close", "Cerrar"]]}
    assert ROUTER.route(turn("2", state=queue, **claimed)) == ("queue_answer", "close")
    # Unclaimed: a confident question is answered, a vague one waits.
    assert ROUTER.route(turn("sigo aqui", intent="greet", ticket_open=True)) == ("waiting", None)
    sure = turn("visa", intent="kb.reg-visas-residence", confidence=0.8, ticket_open=True)
    assert ROUTER.route(sure) == ("answer", None)


def test_meaning_goes_last() -> None:
    assert ROUTER.route(turn("hola", intent="greet")) == ("greet", None)
    assert ROUTER.route(turn("gracias", intent="thanks")) == ("smalltalk", "thanks")
    assert ROUTER.route(turn("qué es", intent="nlu_fallback")) == ("fallback", None)
    assert ROUTER.route(turn("xyz", intent="some_unknown_intent")) == ("fallback", None)
    assert ROUTER.route(turn("hola")) == ("fallback", None)  # no NLU reading


# -- the closing note's example: a new flow is one module plus one registration line --------


def rate(turn: Turn, arg: str | None = None) -> None:
    """A tiny flow: ask how the assistant did, and read the 1-5 answer."""
    if arg is None:
        turn.say("¿Cómo te ayudé? Responde de 1 a 5.")
        turn.state.pending = "survey"
        return
    turn.say("¡Gracias!")


def _score(turn: Turn) -> Route | None:
    typed = turn.text.strip()
    return ("survey", typed) if typed in {"1", "2", "3", "4", "5"} else None


SURVEY = FlowSpec(
    "survey",
    rate,
    keywords={"opinion": None, "calificar": None},
    intents={"rate_us": None},
    choices=("survey",),
    pending=(Pending("survey", _score),),
    keeps=("survey",),
)


def test_a_new_flow_routes_from_its_declaration_alone() -> None:
    router = Router([*SPECS, MORE_SPEC, SURVEY])  # the registration line
    assert router.route(turn("Opinión")) == ("survey", None)
    assert router.route(turn("me gustó", intent="rate_us")) == ("survey", None)
    assert router.route(turn(kind="choice", choice_id="survey:5")) == ("survey", "5")
    # Its question: a digit answers it (before the digit-of-a-list rule), and it keeps it.
    assert router.route(turn("4", state={"pending": "survey"})) == ("survey", "4")
    assert router.keeps("survey", "survey") and not router.keeps("menu", "survey")
    # Safety still comes first, and the other flows are untouched.
    assert router.route(turn("opinion", danger=DangerSignal(("violence",))))[0] == "safety"
    assert router.route(turn("baja")) == ("optout", None)


def test_two_flows_cannot_claim_the_same_trigger() -> None:
    with pytest.raises(ValueError, match="keyword 'baja'"):
        Router([*SPECS, MORE_SPEC, FlowSpec("other", rate, keywords={"baja": None})])
    with pytest.raises(ValueError, match="choice 'topic'"):
        Router([*SPECS, MORE_SPEC, FlowSpec("other", rate, choices=("topic",))])
    with pytest.raises(ValueError, match="declared twice"):
        Router([*SPECS, MORE_SPEC, FlowSpec("menu", rate)])


def test_the_router_refuses_to_send_to_a_flow_nobody_declares() -> None:
    without_waiting = [s for s in SPECS if s.name != "waiting"]
    with pytest.raises(ValueError, match="waiting"):
        Router([*without_waiting, MORE_SPEC])
