"""Web chat rendering: text and buttons, one bubble per reply."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.channels.render import Continuation, Rendered, Rendering, choice_dicts
from bot.knowledge.models import Article, KnowledgeBase
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


class WebProfile:
    """The web chat: whole texts, buttons, nothing remembered between turns."""

    name = "web"
    notice_apart = False

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
        """One bubble per reply."""
        return Rendering(render(replies, lang=lang, state={}))

    def continuation(
        self, memory: Mapping[str, Any], kb: KnowledgeBase, today: date
    ) -> Continuation:
        """Nothing is ever held back on the web."""
        return Continuation(None)

    def resolve_choice(self, choice_id: str, memory: Mapping[str, Any]) -> str:
        """Buttons carry their choice ids as they are."""
        return choice_id
