"""The parse result, shaped like Rasa's `/model/parse`, and the backend protocol."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

CORE_INTENTS: tuple[str, ...] = (
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "menu",
    "help",
    "human_handoff",
    "urgent_help",
    "change_language",
    "opt_out",
    "delete_data",
    "out_of_scope",
    "bot_challenge",
)
FALLBACK_INTENT = "nlu_fallback"
URGENT_INTENT = "urgent_help"  # a plea for urgent help: the router sends it to safety


@dataclass(frozen=True, slots=True)
class Intent:
    """An intent and how sure the backend is."""

    name: str
    confidence: float


@dataclass(slots=True)
class ParseResult:
    """What a message means: top intent, ranking, entities, language."""

    text: str
    intent: Intent
    intent_ranking: list[Intent] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    lang: str | None = None
    backend: str = "embedded"

    def as_rasa(self) -> dict[str, Any]:
        """The same data in Rasa's JSON shape."""
        return {
            "text": self.text,
            "intent": {"name": self.intent.name, "confidence": self.intent.confidence},
            "intent_ranking": [
                {"name": i.name, "confidence": i.confidence} for i in self.intent_ranking
            ],
            "entities": self.entities,
        }


@dataclass(frozen=True, slots=True)
class DangerReading:
    """What a backend's learned danger model reads in one message."""

    margin: float  # the model's margin: positive leans to danger
    heard: bool  # past the model's bar: the message sounds dangerous
    category: str | None = None  # the category it reads, when it hears danger and one is clear


NO_STATS: Mapping[str, int] = {}


class Understanding(Protocol):
    """An NLU backend: what a message means, and what its learned danger model hears.

    Everything the engine, the router, the danger detector and /metrics ask of a backend is a
    typed member here; nobody looks a backend's capabilities up by name.
    """

    @property
    def name(self) -> str:
        """The backend's name (`ParseResult.backend`)."""
        ...

    @property
    def fallback(self) -> Understanding | None:
        """The backend that understands when this one cannot (Rasa: the embedded backend)."""
        ...

    @property
    def stats(self) -> Mapping[str, int]:
        """Counters for /metrics ("rasa", "fallback"); empty when the backend keeps none."""
        ...

    async def parse(self, text: str) -> ParseResult:
        """Understand one message."""
        ...

    def danger(self, text: str) -> DangerReading | None:
        """The learned danger model's reading of a message (a backend without one asks its
        fallback); None without a learned model, or with nothing to read."""
        ...

    async def aclose(self) -> None:
        """Release what the backend holds (connections)."""
        ...
