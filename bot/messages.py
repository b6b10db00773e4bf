"""Channel-neutral message model: the only types that cross a channel boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

InboundKind = Literal["text", "command", "choice", "location", "media", "unsupported"]


@dataclass(frozen=True, slots=True)
class Choice:
    """An option offered to the person: a button on Telegram, a numbered line on SMS."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Location:
    """A shared position (Telegram location)."""

    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Attachment:
    """A voice note, photo or document a person sent, as the channel received it
    (bot/media/policy.py checks it). `data` is empty when it was refused: `problem` then says
    why (`too_big`, `unsupported`, `unavailable`). `content_type` is what the bytes are, read
    from their first bytes, not what the sender declared."""

    kind: str  # audio | image | document | other
    content_type: str = ""
    data: bytes = field(default=b"", repr=False)
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """Received and accepted: it is stored and shown to the caseworker."""
        return self.problem is None and bool(self.data)


@dataclass(slots=True)
class InboundMessage:
    """What a person sent, as a channel adapter understood it.

    `user` is the channel address (chat id, E.164 number, web session id). It is personal data:
    it is never logged.
    """

    channel: str
    user: str
    text: str = ""
    kind: InboundKind = "text"
    choice_id: str | None = None
    location: Location | None = None
    external_id: str | None = None
    lang_hint: str | None = None
    provider_answered: bool = False
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Where an unauthenticated channel's message came from (the web chat: a keyed hash of the
    # client address), so abuse limits can cap urgent tickets per source; None elsewhere.
    source: str | None = None
    # Voice notes, photos and documents (issue 17), downloaded and checked by the channel.
    attachments: tuple[Attachment, ...] = ()


@dataclass(slots=True)
class OutboundMessage:
    """One reply. `short` is the SMS-sized variant of `text` when the flow has one."""

    text: str
    choices: tuple[Choice, ...] = ()
    short: str | None = None
    kind: str = "reply"
    article_id: str | None = None
    location_request: bool = False


@dataclass(slots=True)
class TurnResult:
    """Everything one turn produced: the replies and what happened, for `rumbo ask --json`."""

    replies: list[OutboundMessage] = field(default_factory=list)
    outbound_ids: list[int] = field(default_factory=list)
    lang: str = "es"
    intent: str | None = None
    confidence: float = 0.0
    topic: str | None = None
    article_ids: list[str] = field(default_factory=list)
    urgent: bool = False
    danger: str | None = None  # the danger category that acted (DESIGN: `danger`)
    handoff: bool = False
    fallback: bool = False
    clarify: bool = False  # the reply is a short question with choices (DESIGN: `clarify`)
    optout: bool = False
    erasure: bool = False
    duplicate: bool = False
    conversation_id: int | None = None
    rendered: list[Any] = field(default_factory=list)
