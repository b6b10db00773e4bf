"""SMS rendering: one GSM-7 message per turn, at most two segments, the rest behind MAS.

Choices become a numbered list answered with a digit. Every segment costs the person money, so
the turn's replies are joined into one message, accents outside GSM-7 are folded (á->a, while ñ,
é, ü, ¿ and ¡ stay) and anything still outside GSM-7 (emoji) is dropped: one such character
would switch the whole SMS to UCS-2 and cut a segment from 160 to 70 characters.

When the turn does not fit two segments, whole replies are kept together where possible (an
answer keeps its source footer) and the rest is stored in `state["more"]` for the MAS keyword.
A notice that closes the turn (the first-contact privacy line) is never put behind MAS: it joins
the message when both fit two segments, else it goes as its own short SMS right after.
SDK-free: the engine renders before anything is sent.
"""

from __future__ import annotations

from typing import Any

from bot import gsm7
from bot.channels.render import Rendered, choice_dicts
from bot.messages import OutboundMessage

MAX_SEGMENTS = 2
MORE_MARK = {"es": "(MAS)", "en": "(MORE)"}


def block(reply: OutboundMessage) -> str:
    """One reply as SMS text: the short version, then its choices as `N label` lines."""
    lines = [reply.short or reply.text]
    lines += [f"{i} {c.label}" for i, c in enumerate(reply.choices, 1)]
    return gsm7.strip_to_gsm7("\n".join(line.strip() for line in lines if line.strip()))


def compose(replies: list[OutboundMessage]) -> str:
    """The whole turn as one text: short versions, numbered choices, GSM-7 only."""
    return "\n".join(b for b in (block(r) for r in replies) if b)


def fit(text: str, lang: str) -> tuple[str, str]:
    """The part that fits two segments (with a MAS mark when something is left) and the rest."""
    text = gsm7.strip_to_gsm7(text)
    if gsm7.segment_count(text) <= MAX_SEGMENTS:
        return text, ""
    mark = MORE_MARK.get(lang, MORE_MARK["es"])
    budget = gsm7.capacity(MAX_SEGMENTS) - len(mark) - 1
    head, rest = _whole_blocks(text, budget)
    if not head:
        head, rest = gsm7.cut_to_fit(text, budget)
    return f"{head}\n{mark}", rest


def _whole_blocks(text: str, budget: int) -> tuple[str, str]:
    """As many whole lines as fit the budget, if that fills at least half of it."""
    lines = text.split("\n")
    taken: list[str] = []
    for line in lines:
        candidate = "\n".join([*taken, line])
        if gsm7.units(candidate) > budget:
            break
        taken.append(line)
    head = "\n".join(taken)
    if gsm7.units(head) < budget // 2:
        return "", text
    return head, "\n".join(lines[len(taken) :])


def render_text(text: str, *, lang: str, state: dict[str, Any]) -> Rendered:
    """Fit one text, keeping the remainder in the state for MAS."""
    head, rest = fit(text, lang)
    if rest:
        state["more"] = rest
    else:
        state.pop("more", None)
    return _sms(head)


def _sms(text: str) -> Rendered:
    return Rendered(text, [], {"body": text}, gsm7.segment_count(text), gsm7.encoding_of(text))


def _urgent(reply: OutboundMessage, *, lang: str, state: dict[str, Any]) -> Rendered:
    rendered = render_text(block(reply), lang=lang, state=state)
    rendered.choices = choice_dicts(reply)
    return rendered


def split_trailing_notices(
    replies: list[OutboundMessage],
) -> tuple[list[OutboundMessage], list[OutboundMessage]]:
    """The turn's body and the notices that close it (which must reach the person whole)."""
    end = len(replies)
    while end > 0 and replies[end - 1].kind == "notice":
        end -= 1
    if end == 0:
        return list(replies), []
    return replies[:end], replies[end:]


def render(replies: list[OutboundMessage], *, lang: str, state: dict[str, Any]) -> list[Rendered]:
    """The turn as one SMS; a closing notice that does not fit beside it as a second, short one."""
    if not replies:
        return []
    if any(reply.kind == "urgent" for reply in replies):
        # Danger: every part reaches the person whole (911 and the lines first, then what
        # happens next), never behind MAS: one SMS per reply, each within two segments.
        return [_urgent(reply, lang=lang, state=state) for reply in replies]
    body, notices = split_trailing_notices(replies)
    whole = compose(replies)
    extra: list[Rendered] = []
    if notices and gsm7.segment_count(whole) > MAX_SEGMENTS:
        # One SMS would put the notice behind MAS, where it is never read: send it on its own.
        rendered = render_text(compose(body), lang=lang, state=state)
        extra.append(_sms(compose(notices)))
    else:
        rendered = render_text(whole, lang=lang, state=state)
    rendered.choices = [c for reply in replies for c in choice_dicts(reply)]
    if any(reply.kind == "optout" for reply in replies):
        # the one message an opted-out number may still receive (see sender.py)
        rendered.payload["optout_confirmation"] = True
    return [rendered, *extra]
