"""Telegram rendering: HTML with escaping, inline keyboards, text split under 4,096 characters.

Pure functions: no SDK import here, so the engine can render without a bot configured.
"""

from __future__ import annotations

import hashlib
import html
from typing import Any

from bot.channels.render import Rendered, choice_dicts
from bot.dialogue.texts import text as translate
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


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int) -> int:
    """The largest prefix length (in characters) whose UTF-16 length is at most `limit`."""
    if utf16_len(text[:limit]) <= limit:
        return min(len(text), limit)
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def _safe_hard_cut(text: str, cut: int) -> int:
    """Move a forced cut before an HTML entity or tag it would break in two."""
    amp, lt = text.rfind("&", max(0, cut - 8), cut), text.rfind("<", max(0, cut - 8), cut)
    for start, end in ((amp, ";"), (lt, ">")):
        if start > 0 and text.find(end, start, cut) == -1:
            cut = min(cut, start)
    return cut


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at paragraph, then line, then word boundaries so each part fits `limit`."""
    parts: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        hard = _fit(rest, limit)
        cut = rest.rfind("\n\n", 0, hard)
        if cut <= 0:
            cut = rest.rfind("\n", 0, hard)
        if cut <= 0:
            cut = rest.rfind(" ", 0, hard)
        if cut <= 0:
            cut = _safe_hard_cut(rest, hard)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def to_html(text: str) -> str:
    """Escape for HTML parse mode (only <, > and & need it outside tags)."""
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
            if last and reply.location_request and not buttons:
                payload["request_location"] = translate("choice_location", lang)
            plain = reply.text if len(chunks) == 1 else html.unescape(chunk)
            out.append(Rendered(plain, choice_dicts(reply) if last else [], payload))
        if reply.location_request and buttons:
            out.append(_location_prompt(lang))
    return out


def _location_prompt(lang: str) -> Rendered:
    """A message of its own for the location button: Telegram allows one keyboard per message,
    and the inline choices already took it."""
    hint = translate("services_location_hint", lang)
    payload = {
        "text": to_html(hint),
        "parse_mode": "HTML",
        "request_location": translate("choice_location", lang),
    }
    return Rendered(hint, [], payload)
