"""SMS rendering: one GSM-7 message per turn, at most two segments, the rest behind MAS.

Choices become a numbered list answered with a digit. Every segment costs the person money, so
the turn's replies are joined into one message and accents outside GSM-7 are folded.
"""

from __future__ import annotations

from typing import Any

from bot import gsm7
from bot.channels.render import Rendered, choice_dicts
from bot.messages import OutboundMessage

MAX_SEGMENTS = 2
MORE_MARK = {"es": "(MAS)", "en": "(MORE)"}


def compose(replies: list[OutboundMessage]) -> str:
    """The whole turn as one text: short versions, numbered choices."""
    blocks = []
    for reply in replies:
        lines = [reply.short or reply.text]
        lines += [f"{i} {c.label}" for i, c in enumerate(reply.choices, 1)]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def fit(text: str, lang: str) -> tuple[str, str]:
    """The part that fits two segments (with a MAS mark when something is left) and the rest."""
    text = gsm7.transliterate(text)
    if gsm7.segment_count(text) <= MAX_SEGMENTS:
        return text, ""
    mark = MORE_MARK.get(lang, MORE_MARK["es"])
    encoding = gsm7.encoding_of(text)
    budget = gsm7.capacity(MAX_SEGMENTS, encoding) - len(mark) - 1
    head, rest = gsm7.cut_to_fit(text, budget)
    return f"{head}\n{mark}", rest


def render_text(text: str, *, lang: str, state: dict[str, Any]) -> Rendered:
    """Fit one text, keeping the remainder in the state for MAS."""
    head, rest = fit(text, lang)
    if rest:
        state["more"] = rest
    else:
        state.pop("more", None)
    return Rendered(head, [], {"body": head}, gsm7.segment_count(head), gsm7.encoding_of(head))


def render(replies: list[OutboundMessage], *, lang: str, state: dict[str, Any]) -> list[Rendered]:
    """The turn as a single SMS."""
    if not replies:
        return []
    rendered = render_text(compose(replies), lang=lang, state=state)
    rendered.choices = [c for reply in replies for c in choice_dicts(reply)]
    return [rendered]
