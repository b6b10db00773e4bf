"""Answer from the knowledge base: the best article, or "did you mean" when unsure.

```mermaid
flowchart LR
  q[question] --> nlu{confidence}
  nlu -->|sure| ans[article + footer]
  nlu -->|unsure| dym[top 3 as choices]
  nlu -->|too low| fb[fallback]
  ans -->|escalate or outdated| offer[offer a person]
```
"""

from __future__ import annotations

from collections import Counter

from bot.dialogue import policy
from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.flows import fallback
from bot.knowledge.compose import full_text, sms_text
from bot.messages import Choice

# Confidences are calibrated (embedded: temperature-scaled on out-of-fold scores), so these
# read as "right about this often". A clear lead answers directly only from FLOOR up: a 0.30 vs
# 0.10 split is still a guess, and "did you mean" costs one short reply, a wrong answer more.
SURE = 0.55
MARGIN = 0.15
FLOOR = 0.4


def article(turn: Turn, article_id: str | None) -> None:
    """Answer with one article."""
    found = turn.kb.article(article_id or "", turn.lang)
    if found is None:
        fallback.handle(turn)
        return
    turn.topic = found.topic
    turn.article_ids = [found.id]
    turn.state.fallbacks = 0
    turn.state.last_article = found.id
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
        turn.state.choices = []


def candidates(turn: Turn, limit: int = 3) -> list[tuple[str, float]]:
    """The knowledge-base intents of the ranking, best first."""
    ranking = turn.parse.intent_ranking if turn.parse else []
    found = []
    for intent in ranking:
        if intent.name.startswith("kb.") and turn.kb.article(intent.name[3:], turn.lang):
            found.append((intent.name[3:], intent.confidence))
    return found[:limit]


def handle(turn: Turn, _arg: str | None = None) -> None:
    """Answer the question, or ask which of the closest articles was meant."""
    options = candidates(turn)
    if not options:
        fallback.handle(turn)
        return
    best_id, best = options[0]
    second = options[1][1] if len(options) > 1 else 0.0
    if best >= SURE or (best >= FLOOR and best - second >= MARGIN):
        article(turn, best_id)
        return
    did_you_mean(turn, options)


def did_you_mean(turn: Turn, options: list[tuple[str, float]]) -> None:
    """Offer the closest articles as choices."""
    choices = []
    topics: Counter[str] = Counter()
    for article_id, _ in options:
        found = turn.kb.article(article_id, turn.lang)
        if found:
            choices.append(Choice(f"article:{found.id}", found.title))
            topics[found.topic] += 1
    choices.append(Choice("human", turn.t("choice_human")))
    turn.say(turn.t("did_you_mean"), choices=choices, kind="did_you_mean")
    turn.remember_choices(choices)
    turn.article_ids = [article_id for article_id, _ in options]
    top_topic, count = topics.most_common(1)[0]
    if count >= 2:
        turn.topic = top_topic


SPECS = (
    FlowSpec("answer", handle),
    FlowSpec("article", article, choices=("article",)),
)
