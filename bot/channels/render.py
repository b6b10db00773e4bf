"""What a rendered message looks like, whatever the channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

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


class Renderer(Protocol):
    """Turns a turn's channel-neutral replies into what the channel sends."""

    def __call__(
        self, replies: list[OutboundMessage], *, lang: str, state: dict[str, Any]
    ) -> list[Rendered]: ...


def choice_dicts(message: OutboundMessage) -> list[dict[str, str]]:
    """Choices as plain dicts."""
    return [{"id": c.id, "label": c.label} for c in message.choices]
