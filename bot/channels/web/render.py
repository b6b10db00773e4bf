"""Web chat rendering: text and buttons, one bubble per reply."""

from __future__ import annotations

from typing import Any

from bot.channels.render import Rendered, choice_dicts
from bot.messages import OutboundMessage


def render(replies: list[OutboundMessage], *, lang: str, state: dict[str, Any]) -> list[Rendered]:
    """One rendered bubble per reply."""
    out = []
    for reply in replies:
        choices = choice_dicts(reply)
        payload = {
            "text": reply.text,
            "choices": choices,
            "kind": reply.kind,
            "location_request": reply.location_request,
        }
        out.append(Rendered(reply.text, choices, payload))
    return out
