"""Telegram rendering: HTML with escaping, inline keyboards, text split under 4,096 characters.

Pure functions: no SDK import here, so the engine can render without a bot configured.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.channels.render import Continuation, Rendered, Rendering, choice_dicts
from bot.dialogue.texts import text as translate
from bot.knowledge.models import Article, KnowledgeBase
from bot.messages import OutboundMessage

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
# Where the short keys of long choice ids are remembered between turns.
CALLBACKS = "callbacks"
KEY_PREFIX = "k:"


def short_key(choice_id: str) -> str | None:
    """The short key a choice id over 64 UTF-8 bytes travels as (None: it fits as it is)."""
    if len(choice_id.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return None
    return KEY_PREFIX + hashlib.sha256(choice_id.encode()).hexdigest()[:16]


def callback_data(choice_id: str, state: dict[str, Any]) -> str:
    """A callback_data of at most 64 UTF-8 bytes; long ids are kept server-side by a short key
    (the dict form, for callers holding a plain dict: `state["callbacks"]` gets the key)."""
    key = short_key(choice_id)
    if key is None:
        return choice_id
    state.setdefault(CALLBACKS, {})[key] = choice_id
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
    """Each reply becomes one or more messages; choices go on the last part as buttons (the dict
    form: `state` receives the short keys of long choice ids)."""
    rendering = render_turn(replies, lang=lang, callbacks=state.get(CALLBACKS) or {})
    if CALLBACKS in rendering.remember:
        state[CALLBACKS] = rendering.remember[CALLBACKS]
    return rendering.rendered


def render_turn(
    replies: list[OutboundMessage], *, lang: str, callbacks: Mapping[str, str]
) -> Rendering:
    """Each reply becomes one or more messages; choices go on the last part as buttons. A choice
    id over 64 bytes travels as a short key: the known keys plus the new ones are remembered."""
    keys = dict(callbacks)
    added = False
    out: list[Rendered] = []
    for reply in replies:
        body = reply.text
        if reply.kind == "answer" and "\n" in body:
            title, rest = body.split("\n", 1)
            chunks = split_text(f"<b>{to_html(title)}</b>\n{to_html(rest)}")
        else:
            chunks = split_text(to_html(body))
        buttons = []
        for choice in reply.choices:
            key = short_key(choice.id)
            if key is not None:
                keys[key], added = choice.id, True
            buttons.append([{"text": choice.label, "callback_data": key or choice.id}])
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            payload: dict[str, Any] = {"text": chunk, "parse_mode": "HTML"}
            if reply.kind == "optout":
                # the one message an opted-out person may still receive (outbox.OPTOUT_EXCEPTIONS)
                payload["optout_confirmation"] = True
            if last and buttons:
                payload["buttons"] = buttons
            if last and reply.location_request and not buttons:
                payload["request_location"] = translate("choice_location", lang)
            plain = reply.text if len(chunks) == 1 else html.unescape(chunk)
            out.append(Rendered(plain, choice_dicts(reply) if last else [], payload))
        if reply.location_request and buttons:
            out.append(_location_prompt(lang))
    return Rendering(out, {CALLBACKS: keys} if added else {})


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


class TelegramProfile:
    """Telegram: HTML messages with inline keyboards; remembers the short keys of long ids."""

    name = "telegram"
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
        """The turn as Telegram messages."""
        return render_turn(replies, lang=lang, callbacks=memory.get(CALLBACKS) or {})

    def continuation(
        self, memory: Mapping[str, Any], kb: KnowledgeBase, today: date
    ) -> Continuation:
        """Telegram sends answers whole: nothing waits behind MAS."""
        return Continuation(None)

    def resolve_choice(self, choice_id: str, memory: Mapping[str, Any]) -> str:
        """A pressed short key is read back as the choice it stands for (unknown: the menu)."""
        if not choice_id.startswith(KEY_PREFIX):
            return choice_id
        return str((memory.get(CALLBACKS) or {}).get(choice_id, "menu"))
