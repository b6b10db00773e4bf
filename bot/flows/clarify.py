"""Ask rather than guess: when the best readings are close or weak, one short question.

```mermaid
flowchart LR
  q[question] --> r{top score, gap to the second}
  r -->|sure, or clear lead| ans[answer]
  r -->|close or weak| ask["para no equivocarme: ¿cuál? (2-3 choices)"]
  ask -->|digit, button or typed label| ans
```

The thresholds are chosen by cross-validation on the training data only
(`benchmarks/clarify_cv.py`; figures in `benchmarks/RESULTS.md`): among the settings that ask on
at most 8% of held-out messages, the one with the fewest wrong direct answers.
"""

from __future__ import annotations

from bot.dialogue.turn import Turn
from bot.messages import Choice

# Answer directly from SURE up, or from FLOOR up with a lead of MARGIN over the second reading.
# Cross-validation of 2026-12-02 on the model with the lexical search (5 folds, training
# messages only; benchmarks/clarify_cv.py): this asks on 7.6% of held-out article questions,
# with 71.2% right and 17.2% wrong direct answers, and the right article among the choices of
# 69.7% of its questions. Re-run benchmarks/clarify_cv.py when the model changes.
SURE = 0.55
MARGIN = 0.15
FLOOR = 0.3
# A second reading is offered beside the first from this confidence up; below it the question
# is "is it this?" with the first reading and "something else".
ALTERNATIVE = 0.05
MAX_CHOICES = 3


def answers(options: list[tuple[str, float]]) -> bool:
    """Whether the best reading is sure enough to answer without asking."""
    if not options:
        return False
    best = options[0][1]
    second = options[1][1] if len(options) > 1 else 0.0
    return best >= SURE or (best >= FLOOR and best - second >= MARGIN)


def ask(turn: Turn, options: list[tuple[str, float]]) -> None:
    """One short question: the two or three closest articles, or the one and "something else"."""
    offered = [options[0]] + [o for o in options[1:MAX_CHOICES] if o[1] >= ALTERNATIVE]
    choices = []
    for article_id, _ in offered:
        found = turn.kb.article(article_id, turn.lang)
        if found is not None:
            choices.append(Choice(f"article:{found.id}", found.title))
    key = "clarify_which" if len(choices) > 1 else "clarify_one"
    if len(choices) == 1:
        choices.append(Choice("menu", turn.t("choice_something_else")))
    turn.say(turn.t(key), choices=choices, kind="clarify")
    turn.remember_choices(choices)
    turn.clarify = True
    turn.article_ids = [c.id.removeprefix("article:") for c in choices if c.id != "menu"]
    topics = {turn.kb.topic_of(a) for a in turn.article_ids}
    if len(topics) == 1:
        turn.topic = topics.pop()
