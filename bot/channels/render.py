"""What a rendered message looks like, whatever the channel, and the contract between the engine
and a channel: `ChannelProfile`.

The engine knows channels only through this module. A profile renders a turn's channel-neutral
replies and says what it needs remembered for the next turn (`Rendering.remember`: Telegram's
short button keys, the SMS text and pages behind MAS); the engine stores that in the
conversation state. No renderer writes state. The keys a profile remembers are its own: the
engine passes them back (`memory`) without reading them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from bot.knowledge.models import Article, KnowledgeBase
from bot.messages import OutboundMessage


@dataclass(slots=True)
class Rendered:
    """One message exactly as it will be sent, plus how to show it in `rumbo ask --json`."""

    text: str
    choices: list[dict[str, str]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)
    segments: int | None = None
    encoding: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The reply object of the `rumbo ask --json` contract."""
        data: dict[str, Any] = {"text": self.text, "choices": self.choices}
        if self.segments is not None:
            data["segments"] = self.segments
            data["encoding"] = self.encoding
        return data


# What a channel wants kept for the next turn: key -> value; None forgets the key.
Remember = dict[str, Any]


@dataclass(slots=True)
class Rendering:
    """A rendered turn and what the channel needs remembered (the engine stores it)."""

    rendered: list[Rendered]
    remember: Remember = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Continuation:
    """What MAS sends: the next page of an answer, or the rest of a long turn (`text` None:
    nothing is left), and what to remember after it."""

    text: str | None
    kind: str = "more"  # page | more
    remember: Remember = field(default_factory=dict)


class ChannelProfile(Protocol):
    """How one channel renders turns and what it remembers between them."""

    @property
    def name(self) -> str: ...

    @property
    def notice_apart(self) -> bool:
        """The first-contact privacy notice goes as a message of its own (an SMS answer
        already fills its segments) rather than closing the answer."""
        ...

    def render(
        self,
        replies: list[OutboundMessage],
        *,
        lang: str,
        memory: Mapping[str, Any],
        article: Article | None,
        today: date,
        continuing: bool,
    ) -> Rendering:
        """The turn as sent. `article`: the article the turn answers with (paged channels page
        it); `continuing`: this turn is MAS."""
        ...

    def continuation(
        self, memory: Mapping[str, Any], kb: KnowledgeBase, today: date
    ) -> Continuation:
        """What MAS sends next on this channel."""
        ...

    def resolve_choice(self, choice_id: str, memory: Mapping[str, Any]) -> str:
        """The choice a pressed button stands for (a channel may send a short key instead)."""
        ...


def apply(remember: Remember, state: dict[str, Any]) -> None:
    """Store `remember` in a plain dict (None forgets a key): for callers holding a dict."""
    for key, value in remember.items():
        if value is None:
            state.pop(key, None)
        else:
            state[key] = value


class Renderer(Protocol):
    """Turns a turn's channel-neutral replies into what the channel sends (the dict form:
    `state` receives what the channel remembers)."""

    def __call__(
        self, replies: list[OutboundMessage], *, lang: str, state: dict[str, Any]
    ) -> list[Rendered]: ...


def choice_dicts(message: OutboundMessage) -> list[dict[str, str]]:
    """Choices as plain dicts."""
    return [{"id": c.id, "label": c.label} for c in message.choices]


@dataclass(frozen=True, slots=True)
class WholeTextProfile:
    """A channel that sends whole texts and holds nothing back between turns (the web chat,
    WhatsApp): it renders with its dict-form renderer and remembers nothing."""

    name: str
    renderer: Renderer
    notice_apart: bool = False

    def render(
        self,
        replies: list[OutboundMessage],
        *,
        lang: str,
        memory: Mapping[str, Any],
        article: Article | None,
        today: date,
        continuing: bool,
    ) -> Rendering:
        """The turn as the channel's renderer writes it."""
        return Rendering(self.renderer(replies, lang=lang, state={}))

    def continuation(
        self, memory: Mapping[str, Any], kb: KnowledgeBase, today: date
    ) -> Continuation:
        """Nothing is ever held back."""
        return Continuation(None)

    def resolve_choice(self, choice_id: str, memory: Mapping[str, Any]) -> str:
        """Choices arrive as they are (ids, typed digits or labels), never as short keys."""
        return choice_id
