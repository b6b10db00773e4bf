"""The thread of a conversation (issue 16): what the last answer was, and what this turn reads.

Everything this feature keeps lives in ONE field of the typed conversation state
(`DialogueState.thread`), written by this small dataclass as plain JSON and read back.

Only ids, topic names, choice labels and a time are kept: never what the person wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.dialogue.state import DialogueState
from bot.understanding.base import ParseResult

THREAD_KEY = "thread"
# How long a follow-up ("y cuánto cuesta?") is read against the last answer. SMS users often
# answer hours later (they wait for credit, signal or the end of a shift), so minutes would
# miss them; a day covers "the same evening" and "the next morning", matches WhatsApp's 24-hour
# reply window and the engine's default session timeout (after which the state is reset
# anyway). A stale thread costs little: a follow-up reply names the article it reads from.
FOLLOWUP_WINDOW = timedelta(hours=24)
# Recent lists whose typed labels are still understood ("lugares de ayuda" two menus later).
RECENT_LISTS = 3


@dataclass(slots=True)
class Thread:
    """The last answered article and topic, when, and the labels of the recent lists."""

    article: str | None = None
    topic: str | None = None
    at: str | None = None  # ISO time of the last answer
    recent: list[list[list[str]]] = field(default_factory=list)  # lists of [choice id, label]

    @classmethod
    def load(cls, state: DialogueState) -> Thread:
        """The thread kept in the conversation state (an empty one when there is none)."""
        raw: Any = state.thread
        if not isinstance(raw, dict):
            return cls()
        recent = raw.get("recent") if isinstance(raw.get("recent"), list) else []
        return cls(
            article=raw.get("article") if isinstance(raw.get("article"), str) else None,
            topic=raw.get("topic") if isinstance(raw.get("topic"), str) else None,
            at=raw.get("at") if isinstance(raw.get("at"), str) else None,
            recent=[[[str(c[0]), str(c[1])] for c in lst if len(c) == 2] for lst in recent or []],
        )

    def save(self, state: DialogueState) -> None:
        """Write the thread back into the conversation state."""
        state.thread = {
            "article": self.article,
            "topic": self.topic,
            "at": self.at,
            "recent": self.recent[-RECENT_LISTS:],
        }

    def alive(self, now: datetime) -> bool:
        """An answer within the follow-up window."""
        if not self.article or not self.at:
            return False
        try:
            then = datetime.fromisoformat(self.at)
        except ValueError:
            return False
        return timedelta(0) <= now - then <= FOLLOWUP_WINDOW

    def remember_list(self, choices: list[list[str]]) -> None:
        """Keep a list that was offered (most recent last, the same list once)."""
        if not choices:
            return
        self.recent = [lst for lst in self.recent if lst != choices][-(RECENT_LISTS - 1) :]
        self.recent.append(choices)


@dataclass(slots=True)
class Reading:
    """What the engine read of this turn beyond the NLU parse, before routing."""

    greeting: str | None = None  # the pleasantry greeting set aside (morning, hello, ...)
    apology: bool = False
    core: str = ""  # the message without its pleasantries, folded
    thread: Thread = field(default_factory=Thread)
    alive: bool = False  # the thread's last answer is within FOLLOWUP_WINDOW
    facet: str | None = None  # cost | where | documents | time, when a follow-up asks for it
    followup: bool = False  # shaped like a follow-up ("y ...?", "and for my kids?")
    in_context: ParseResult | None = None  # the follow-up read with the last article's title
    problems: list[tuple[str, float]] = field(default_factory=list)  # (article id, confidence)
    asked: bool = False  # the message asks questions (its problems are those questions)
