"""One turn of a conversation as the flows see it: no storage, no channel, only data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.dialogue.state import DialogueState
from bot.dialogue.texts import has_text
from bot.dialogue.texts import text as translate
from bot.dialogue.thread import Reading
from bot.knowledge.models import KnowledgeBase
from bot.messages import Choice, InboundMessage, OutboundMessage
from bot.understanding.base import ParseResult
from bot.understanding.danger import DangerSignal
from bot.understanding.normalize import normalize


@dataclass(slots=True)
class TicketRequest:
    """A flow asks the engine to open (or raise) a ticket for a person."""

    priority: str  # urgent | normal
    reason: str  # asked | danger | fallbacks | escalate
    topic: str | None = None


@dataclass(slots=True)
class Effects:
    """What a flow wants done to stored data; the engine does it in the same unit of work."""

    ticket: TicketRequest | None = None
    optout: bool = False
    optin: bool = False
    erase: bool = False
    leave_queue: bool = False


@dataclass(slots=True)
class Turn:
    """The inbound message, what it means, the conversation state, and the replies so far."""

    inbound: InboundMessage
    parse: ParseResult | None
    danger: DangerSignal | None
    state: DialogueState
    lang: str
    kb: KnowledgeBase
    today: date
    first_contact: bool = False
    returning: bool = False
    ticket_open: bool = False
    ticket_claimed: bool = False  # a caseworker owns the open ticket
    ticket_urgent: bool = False
    within_hours: bool = True
    hours_text: dict[str, str] = field(default_factory=dict)  # working hours per language
    expected_wait: str | None = None
    province: str | None = None
    replies: list[OutboundMessage] = field(default_factory=list)
    effects: Effects = field(default_factory=Effects)
    topic: str | None = None
    article_ids: list[str] = field(default_factory=list)
    urgent: bool = False
    handoff: bool = False
    fallback: bool = False
    optout: bool = False
    erasure: bool = False
    intent: str | None = None
    confidence: float = 0.0
    by_meaning: bool = False  # routed on the NLU's reading (not a keyword, digit or button)
    danger_category: str | None = None  # the category whose reply was sent this turn
    danger_lean: float | None = None  # the learned danger model's margin (None: no model)
    # Issue 16: pleasantries, thread, problems (bot/engine/reading.py fills it before routing).
    reading: Reading = field(default_factory=Reading)
    clarify: bool = False  # this turn asks a short question with choices instead of guessing

    def has_text(self, key: str) -> bool:
        """Whether a fixed sentence exists."""
        return has_text(key)

    def working_hours(self) -> str:
        """The caseworkers' days and hours in the turn's language."""
        return self.hours_text.get(self.lang) or self.hours_text.get("es", "")

    def t(self, key: str, **values: object) -> str:
        """A fixed sentence in the person's language."""
        return translate(key, self.lang, **values)

    def say(
        self,
        text: str,
        *,
        choices: list[Choice] | tuple[Choice, ...] = (),
        short: str | None = None,
        kind: str = "reply",
        article_id: str | None = None,
        location_request: bool = False,
    ) -> OutboundMessage:
        """Add a reply to this turn."""
        message = OutboundMessage(text, tuple(choices), short, kind, article_id, location_request)
        self.replies.append(message)
        return message

    def remember_choices(self, choices: list[Choice] | tuple[Choice, ...]) -> None:
        """Keep the offered choices so a digit can pick one on any channel."""
        self.state.choices = [(c.id, c.label) for c in choices]

    def choice_for_digit(self, digit: int) -> str | None:
        """The choice id a number refers to, from the last offered list."""
        offered = self.state.choices
        if 1 <= digit <= len(offered):
            return offered[digit - 1][0]
        return None

    def choice_for_label(self, text: str) -> str | None:
        """The choice id whose label was typed out ("lugares de ayuda" for the button), from the
        last offered list; case, accents and end punctuation do not matter."""
        typed = normalize(text).strip(" .!?")
        if not typed:
            return None
        for choice_id, label in self.state.choices:
            if normalize(label).strip(" .!?") == typed:
                return choice_id
        return None

    @property
    def text(self) -> str:
        """The inbound text."""
        return self.inbound.text
