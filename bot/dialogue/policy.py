"""When to hand a conversation to a person: the single place that decides.

Flows collect what they know about the turn into `Signals` and ask `decide`; the answer says
whether to open a ticket now (with its priority), offer a person, or do nothing. Pure code, no
storage and no channels, so it is unit-tested apart from the flows.

```mermaid
flowchart TD
  s[signals of the turn] --> d{danger or urgent intent?}
  d -->|yes| urgent[open: urgent, emergency info first]
  d -->|no| v{voice note?}
  v -->|yes| voice[open: normal]
  v -->|no| a{person asked?}
  a -->|yes| normal[open: normal]
  a -->|no| f{2 fallbacks in a row?}
  f -->|yes| offer1[offer a person]
  f -->|no| e{article escalate: true, or outdated?}
  e -->|yes| offer2[offer a person]
  e -->|no| none[carry on]
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.dialogue.turn import TicketRequest
from bot.understanding.base import URGENT_INTENT as URGENT_INTENT  # re-exported for flows
from bot.understanding.danger import GENERAL, DangerSignal

# Two misunderstandings in a row: the person is stuck, and a third guess helps nobody.
OFFER_AFTER_FALLBACKS = 2
# The NLU's urgent_help reading raises an alarm from this confidence up (the danger detectors
# have no such bar), and only when the learned danger model does not put the message on its safe
# side (URGENT_DANGER_LEAN). Re-chosen by grouped 5-fold cross-validation on the training data
# only (benchmarks/danger_cv.py, run of 2026-12-02): held-out urgent_help pleas 45.8% caught by
# the plea alone at 0.4 (50.0% at 0.3, 41.7% at 0.5); whole-engine false alarms on held-out
# `not_danger` messages 2.6% at 0.4 (3.3% at 0.3, 2.6% at 0.5), whole-engine recall the same
# from 0.3 to 0.5 (the patterns and the danger model catch the rest). Below the bar the router
# answers from the articles it resembles.
URGENT_CONFIDENCE = 0.4
# The gate: the learned danger model's decision boundary (margin 0), not a tuned value. The
# intent classifier has no urgent-but-safe negatives; the danger model has (`not_danger`).
URGENT_DANGER_LEAN = 0.0

Action = Literal["none", "open", "offer"]
Priority = Literal["urgent", "normal"]


@dataclass(frozen=True, slots=True)
class Signals:
    """What a turn tells us about needing a person."""

    asked: bool = False
    voice_note: bool = False  # a voice note: nothing here can listen to it, so a person does
    danger: DangerSignal | None = None
    intent: str | None = None
    fallbacks_in_row: int = 0
    article_escalates: bool = False
    article_expired: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's answer: open a ticket, offer a person, or nothing."""

    action: Action = "none"
    priority: Priority = "normal"
    reason: str = ""

    @property
    def opens(self) -> bool:
        """A ticket is opened this turn."""
        return self.action == "open"

    @property
    def offers(self) -> bool:
        """The person is offered a caseworker (a button or numbered choice)."""
        return self.action == "offer"

    @property
    def urgent(self) -> bool:
        """Emergency information goes first, and the ticket jumps the queue."""
        return self.opens and self.priority == "urgent"

    def ticket(self, topic: str | None) -> TicketRequest:
        """The ticket the engine opens for this decision."""
        if not self.opens:
            raise ValueError(f"decision {self.action!r} opens no ticket")
        return TicketRequest(self.priority, self.reason, topic)


NOTHING = Decision()


def is_urgent(danger: DangerSignal | None, intent: str | None = None) -> bool:
    """Danger detected in the words, or the NLU read a plea for urgent help."""
    return (danger is not None and danger.urgent) or intent == URGENT_INTENT


def decide(signals: Signals) -> Decision:
    """Safety beats everything; a person asking beats offering; offering beats nothing."""
    if is_urgent(signals.danger, signals.intent):
        return Decision("open", "urgent", "danger")
    if signals.voice_note:
        return Decision("open", "normal", "voice_note")
    if signals.asked:
        return Decision("open", "normal", "asked")
    if signals.fallbacks_in_row >= OFFER_AFTER_FALLBACKS:
        return Decision("offer", "normal", "fallbacks")
    if signals.article_escalates:
        return Decision("offer", "normal", "escalate")
    if signals.article_expired:
        # An answer past its review date may be wrong: a person can confirm it.
        return Decision("offer", "normal", "outdated")
    return NOTHING


def danger_category(danger: DangerSignal | None) -> str:
    """The ticket's topic for an urgent case: the category that acts, `distress` when none is
    clear (also for a plea the NLU read as urgent help)."""
    return danger.category if danger is not None else GENERAL
