"""The parse result, shaped like Rasa's `/model/parse`, and the backend protocol."""

from __future__ import annotations

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


class Understanding(Protocol):
    """An NLU backend."""

    name: str

    async def parse(self, text: str) -> ParseResult:
        """Understand one message."""
        ...
