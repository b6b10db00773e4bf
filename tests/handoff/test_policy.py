"""The handoff policy, apart from flows: who gets a person, how soon, and in which order."""

from __future__ import annotations

import pytest

from bot.dialogue import policy
from bot.dialogue.policy import Decision, Signals, decide
from bot.understanding.danger import DangerSignal, detect

VIOLENCE = DangerSignal(("violence",))


@pytest.mark.parametrize(
    ("signals", "expected"),
    [
        (Signals(), Decision("none")),
        (Signals(asked=True), Decision("open", "normal", "asked")),
        (Signals(danger=VIOLENCE), Decision("open", "urgent", "danger")),
        (Signals(intent="urgent_help"), Decision("open", "urgent", "danger")),
        (Signals(fallbacks_in_row=1), Decision("none")),
        (Signals(fallbacks_in_row=2), Decision("offer", "normal", "fallbacks")),
        (Signals(fallbacks_in_row=5), Decision("offer", "normal", "fallbacks")),
        (Signals(article_escalates=True), Decision("offer", "normal", "escalate")),
        (Signals(article_expired=True), Decision("offer", "normal", "outdated")),
        (Signals(intent="kb.health-access"), Decision("none")),
        (Signals(danger=DangerSignal(())), Decision("none")),
    ],
)
def test_each_rule(signals: Signals, expected: Decision) -> None:
    assert decide(signals) == expected


def test_danger_beats_asking_and_offers() -> None:
    decision = decide(
        Signals(asked=True, danger=VIOLENCE, fallbacks_in_row=3, article_escalates=True)
    )
    assert decision.urgent and decision.reason == "danger"


def test_asking_beats_offering() -> None:
    decision = decide(Signals(asked=True, fallbacks_in_row=3, article_escalates=True))
    assert decision.opens and decision.priority == "normal" and decision.reason == "asked"


def test_fallbacks_are_named_before_escalation() -> None:
    assert decide(Signals(fallbacks_in_row=2, article_escalates=True)).reason == "fallbacks"


def test_ticket_carries_priority_reason_and_topic() -> None:
    ticket = decide(Signals(danger=VIOLENCE)).ticket(policy.danger_category(VIOLENCE))
    assert (ticket.priority, ticket.reason, ticket.topic) == ("urgent", "danger", "violence")
    assert decide(Signals(asked=True)).ticket("health").topic == "health"


def test_an_offer_opens_no_ticket() -> None:
    offer = decide(Signals(fallbacks_in_row=2))
    assert offer.offers and not offer.opens and not offer.urgent
    with pytest.raises(ValueError):
        offer.ticket(None)


def test_real_danger_words_are_urgent_and_questions_are_not() -> None:
    assert policy.is_urgent(detect("mi pareja me pega todos los dias"))
    assert not policy.is_urgent(detect("que documentos necesito para la visa"))
    assert policy.danger_category(None) == "distress"


async def test_a_plea_the_nlu_reads_as_urgent_acts_at_once_while_a_ticket_waits(runtime) -> None:
    from tests.conftest import Person

    person = Person(runtime, "telegram", "100000901")
    await person.says("quiero hablar con una persona")
    waiting = await person.says("hola?")
    assert not waiting.urgent, "an open normal ticket: the person is told to wait"
    # Urgency alone ("es urgente contesten ya") is not danger (issue 12, part 5); a plea that
    # says something is wrong, with no pattern's words, is read by the NLU's learned danger
    # model ("im not safe" is a distress pattern since round 3 of nlu/danger.yml).
    plea = "please answer, something is very wrong here"
    assert detect(plea) is None, "a plea without danger words: only the NLU sees it"
    result = await person.says(plea)
    assert result.urgent and result.handoff
    assert "911" in " ".join(r.text for r in result.rendered)
