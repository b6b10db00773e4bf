"""Answer from the knowledge base: the best article, or a short question when unsure.

```mermaid
flowchart LR
  q[question] --> nlu{confidence}
  nlu -->|sure| ans[article + footer]
  nlu -->|close or weak| ask[clarify: 2-3 choices]
  q -->|two problems or more| first[the most important + the others as choices]
  nlu -->|no article| fb[fallback]
  ans -->|escalate or outdated| offer[offer a person]
```
"""

from __future__ import annotations

from bot.dialogue import policy
from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.flows import clarify, fallback, menu, problems
from bot.knowledge.compose import full_text, sms_text
from bot.messages import Choice

# Confidences are calibrated (embedded: temperature-scaled on out-of-fold scores), so the
# thresholds read as "right about this often"; they live in bot/flows/clarify.py (issue 16).
SURE, MARGIN, FLOOR = clarify.SURE, clarify.MARGIN, clarify.FLOOR


def article(turn: Turn, article_id: str | None) -> None:
    """Answer with one article."""
    found = turn.kb.article(article_id or "", turn.lang)
    if found is None:
        fallback.handle(turn)
        return
    turn.topic = found.topic
    turn.article_ids = [found.id]
    turn.state["fallbacks"] = 0
    turn.state["last_article"] = found.id
    turn.say(
        full_text(found, today=turn.today),
        short=sms_text(found, today=turn.today),
        kind="answer",
        article_id=found.id,
    )
    expired = found.expired(turn.today)
    decision = policy.decide(
        policy.Signals(article_escalates=found.escalate, article_expired=expired)
    )
    if decision.offers:
        choices = [Choice("human", turn.t("choice_human")), Choice("menu", turn.t("choice_menu"))]
        key = "outdated_offer" if expired else "escalate_offer"
        turn.say(turn.t(key), choices=choices, short=turn.t(f"{key}_short"))
        turn.remember_choices(choices)
        turn.handoff = True
    else:
        turn.state["choices"] = []


def pressed(turn: Turn, article_id: str | None) -> None:
    """A pressed article button; one that names an article no longer in the knowledge base (an
    old message's button) gets the menu."""
    if turn.kb.article(article_id or "", turn.lang) is None:
        menu.show_menu(turn)
        return
    article(turn, article_id)


def candidates(turn: Turn, limit: int = 3) -> list[tuple[str, float]]:
    """The knowledge-base intents of the ranking, best first."""
    ranking = turn.parse.intent_ranking if turn.parse else []
    found = []
    for intent in ranking:
        if intent.name.startswith("kb.") and turn.kb.article(intent.name[3:], turn.lang):
            found.append((intent.name[3:], intent.confidence))
    return found[:limit]


def handle(turn: Turn, _arg: str | None = None) -> None:
    """Answer the question (the most important one, offering the others), or ask which of the
    closest articles was meant."""
    options = candidates(turn)
    # Issue 16: two or more problems, each read in its own clause (bot/flows/problems.py).
    several = problems.several(turn)
    if several:
        article(turn, several[0])
        problems.offer_others(turn, several[1:])
        turn.intent = f"kb.{several[0]}"
        turn.confidence = dict(turn.reading.problems)[several[0]]
        return
    if not clarify.answers(options) and len(turn.reading.problems) == 1:
        options = list(turn.reading.problems)  # the one question among statements, read alone
        turn.intent, turn.confidence = f"kb.{options[0][0]}", options[0][1]
    if not options:
        fallback.handle(turn)
        return
    if clarify.answers(options):
        article(turn, options[0][0])
        return
    clarify.ask(turn, options)


SPECS = (
    FlowSpec("answer", handle),
    FlowSpec("article", pressed, choices=("article",)),
)
