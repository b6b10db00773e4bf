"""More than one problem in a message: answer the most important, offer the others.

"tengo el pasaporte vencido, dicen que hay una amnistía y mi hija necesita escuela": danger was
already heard by the router (it always wins); then status (papers, refugee status), then the
rest, in the order the person named them. Questions asked one after the other keep the order of
what the message asks most (`ordered`). The others join the answer's own list of choices
("También preguntaste por: …"), so that a digit always answers the last numbered list.

```mermaid
flowchart LR
  msg[clauses read one by one] --> n{problems}
  n -->|one| ans[answer it]
  n -->|two or more| first[answer the most important] --> also["También preguntaste por: 1 … 2 …"]
  also -->|digit or button| other[that answer]
```
"""

from __future__ import annotations

from bot.dialogue.turn import Turn
from bot.messages import Choice, OutboundMessage

# Danger first (the router); then status; then everything else.
STATUS_TOPICS = frozenset({"regularisation", "protection"})
# A document that follows from a status comes after it: a cédula is issued on a visa.
FOLLOWS_FROM_STATUS = frozenset({"reg-cedula-foreigners"})
MAX_OTHERS = 2


def ordered(turn: Turn, found: list[tuple[str, float]]) -> list[str]:
    """The problems' articles, most important first (ties keep the order they were named).

    Problems told as a list ("tengo el pasaporte vencido, dicen que hay una amnistía y mi hija
    necesita escuela"): status first. Questions asked: what the whole message reads as, then
    the order they were asked. A second question read alone often sounds like papers when it
    asks for a part of the first ("hay albergues en Quito? cuantos dias dejan quedarse?",
    "puedo denunciar? necesito cedula?"); leaving each development set out, status first among
    questions got 33 more of 4198 messages wrong (benchmarks/RESULTS.md, round 19)."""

    # Among problems of the same rank, the one the whole message reads as comes first: "my kid
    # is 10 and has no school records, what grade" is about school, not about the child's age.
    whole = turn.parse.intent.name.removeprefix("kb.") if turn.parse is not None else None

    after_status = any(a not in FOLLOWS_FROM_STATUS and _is_status(turn, a) for a, _ in found)

    def rank(item: tuple[int, tuple[str, float]]) -> tuple[int, int, int, int]:
        position, (article_id, _) = item
        status = _is_status(turn, article_id) and not turn.reading.asked
        # After a status only: "tengo visa, como saco la cedula? donde voy primero?" is about
        # the cédula, whatever its last clause resembles alone.
        follows = article_id in FOLLOWS_FROM_STATUS and after_status
        return (
            0 if status else 1,
            1 if follows else 0,
            0 if article_id == whole else 1,
            position,
        )

    return [article_id for _, (article_id, _) in sorted(enumerate(found), key=rank)]


def _is_status(turn: Turn, article_id: str) -> bool:
    return turn.kb.topic_of(article_id) in STATUS_TOPICS


def several(turn: Turn) -> list[str]:
    """The articles of the message's problems when it has two or more, most important first."""
    found = [p for p in turn.reading.problems if turn.kb.article(p[0], turn.lang) is not None]
    return ordered(turn, found) if len(found) >= 2 else []


def offer_others(turn: Turn, others: list[str]) -> None:
    """Add the other problems to the last list of this turn (or as the turn's list)."""
    choices = [
        Choice(f"article:{found.id}", found.title)
        for found in (turn.kb.article(a, turn.lang) for a in others[:MAX_OTHERS])
        if found is not None
    ]
    if not choices:
        return
    intro = turn.t("also_asked")
    last = turn.replies[-1] if turn.replies else None
    if last is not None and last.choices and last.kind != "answer":
        # The answer's offer (a person, the menu) is the last list: the others join it.
        joined = [*choices, *last.choices]
        turn.replies[-1] = OutboundMessage(
            f"{last.text}\n{intro}",
            tuple(joined),
            intro,
            last.kind,
            last.article_id,
            last.location_request,
        )
        turn.remember_choices(joined)
        return
    turn.say(intro, choices=choices, kind="also")
    turn.remember_choices(choices)
