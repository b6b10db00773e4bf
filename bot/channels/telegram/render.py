"""Telegram rendering: HTML with escaping, inline keyboards, text split under 4,096 characters.

Pure functions: no SDK import here, so the engine can render without a bot configured.
"""

from __future__ import annotations

import hashlib
import html
from typing import Any

from bot.channels.render import Rendered, choice_dicts
from bot.messages import OutboundMessage

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64


def callback_data(choice_id: str, state: dict[str, Any]) -> str:
    """A callback_data of at most 64 UTF-8 bytes; long ids are kept server-side by a short key."""
    if len(choice_id.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return choice_id
    key = "k:" + hashlib.sha256(choice_id.encode()).hexdigest()[:16]
    state.setdefault("callbacks", {})[key] = choice_id
    return key


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at paragraph, then line, then word boundaries so each part fits `limit`."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n\n", 0, limit)
        if cut <= 0:
            cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def to_html(text: str) -> str:
    """Escape for HTML parse mode; the first line of an answer (its title) is bold."""
    return html.escape(text, quote=False)


def render(replies: list[OutboundMessage], *, lang: str, state: dict[str, Any]) -> list[Rendered]:
    """Each reply becomes one or more messages; choices go on the last part as buttons."""
    out: list[Rendered] = []
    for reply in replies:
        body = reply.text
        if reply.kind == "answer" and "\n" in body:
            title, rest = body.split("\n", 1)
            chunks = split_text(f"<b>{to_html(title)}</b>\n{to_html(rest)}")
        else:
            chunks = split_text(to_html(body))
        buttons = [
            [{"text": c.label, "callback_data": callback_data(c.id, state)}] for c in reply.choices
        ]
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            payload: dict[str, Any] = {"text": chunk, "parse_mode": "HTML"}
            if last and buttons:
                payload["buttons"] = buttons
            if last and reply.location_request:
                payload["request_location"] = True
            plain = reply.text if len(chunks) == 1 else html.unescape(chunk)
            out.append(Rendered(plain, choice_dicts(reply) if last else [], payload))
    return out
