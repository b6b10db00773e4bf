"""WhatsApp rendering (through Twilio): plain text with WhatsApp's own marks, numbered menus.

- Choices become a numbered list (`1. Salud`); a digit answers it, as on SMS (the engine keeps
  the offered list in the conversation state, whatever the channel).
- An answer's first line is its title, in WhatsApp bold (`*…*`); the reply to a caseworker's
  question and notices stay plain. Italics (`_…_`) mark the line that says how to answer.
- Every message is at most 1,600 characters (Twilio's body limit, error 21617), split at
  paragraphs, then lines, then words; the menu stays with the last part.
- Links are tappable: WhatsApp links a URL only with its scheme or `www.`, so a bare domain
  (`migracion.gob.ec/...`) gets `https://`.
- A request for the person's location becomes a line saying how to share it (WhatsApp has no
  location button for businesses).
SDK-free: the engine renders before anything is sent.
"""

from __future__ import annotations

import re
from typing import Any

from bot.channels.render import Rendered, choice_dicts
from bot.dialogue.texts import text as translate
from bot.messages import OutboundMessage

MAX_BODY = 1600
ANSWER_HINT = {"es": "Responde con el número.", "en": "Reply with the number."}
LOCATION_HINT = {
    "es": "Para compartir tu ubicación: 📎 > Ubicación.",
    "en": "To share your location: 📎 > Location.",
}
# A bare domain with an optional path, not already after a scheme, `@` (e-mail) or a letter.
BARE_DOMAIN = re.compile(
    r"(?<![\w@/.:-])((?:[a-z0-9-]+\.)+(?:gob\.ec|com\.ec|org\.ec|edu\.ec|org|com|int|net|ec)"
    r"(?:/[^\s)\]]*)?)(?![\w@-])",
    re.IGNORECASE,
)
MARKS = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ʼ"})


def tappable(text: str) -> str:
    """Bare domains as https:// links WhatsApp makes tappable."""
    return BARE_DOMAIN.sub(lambda m: f"https://{m.group(1)}", text)


def bold(line: str) -> str:
    """WhatsApp bold; marks inside the line are replaced by look-alikes so they cannot break it."""
    inner = line.strip().translate(MARKS)
    return f"*{inner}*" if inner else ""


def menu(reply: OutboundMessage, lang: str) -> str:
    """The numbered choices and how to answer them."""
    if not reply.choices:
        return ""
    lines = [f"{i}. {c.label}" for i, c in enumerate(reply.choices, 1)]
    lines.append(f"_{ANSWER_HINT.get(lang, ANSWER_HINT['es'])}_")
    return "\n".join(lines)


def body(reply: OutboundMessage, lang: str) -> str:
    """One reply's whole text before splitting."""
    text = reply.text
    if reply.kind == "answer" and "\n" in text:
        title, rest = text.split("\n", 1)
        text = f"{bold(title)}\n{rest}"
    parts = [tappable(text)]
    if reply.location_request:
        parts.append(translate("services_location_hint", lang))
        parts.append(LOCATION_HINT.get(lang, LOCATION_HINT["es"]))
    choices = menu(reply, lang)
    if choices:
        parts.append(choices)
    return "\n\n".join(part for part in parts if part)


def units(text: str) -> int:
    """Length as Twilio may count it: UTF-16 code units (an emoji can count as two)."""
    return len(text.encode("utf-16-le")) // 2


def split(text: str, limit: int = MAX_BODY) -> list[str]:
    """Parts of at most `limit` units, cut at a paragraph, a line, a sentence or a word in the
    second half of the part (never a title left alone)."""
    parts: list[str] = []
    rest = text.strip()
    while units(rest) > limit:
        window = limit
        while units(rest[:window]) > limit:
            window -= max(1, (units(rest[:window]) - limit))
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = rest.rfind(sep, window // 2, window)
            if cut > 0:
                cut += len(sep) if sep == ". " else 0
                break
        if cut <= 0:
            cut = window
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def render(replies: list[OutboundMessage], *, lang: str, state: dict[str, Any]) -> list[Rendered]:
    """Each reply becomes one or more WhatsApp messages of at most 1,600 characters."""
    out: list[Rendered] = []
    for reply in replies:
        chunks = split(body(reply, lang))
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            payload: dict[str, Any] = {"body": chunk}
            out.append(Rendered(chunk, choice_dicts(reply) if last else [], payload))
    if out and any(reply.kind == "optout" for reply in replies):
        # the one message an opted-out person may still receive (outbox.OPTOUT_EXCEPTIONS)
        out[0].payload["optout_confirmation"] = True
    return out
