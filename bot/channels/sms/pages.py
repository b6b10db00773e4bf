"""An answer as numbered SMS pages: the short answer first, then the whole article, page by page.

Page 1 is the article's short answer with its source line ("... (1/4, MAS para seguir)");
pages 2..N are the full article made plain (a list item per line), "2/4 ...", each one SMS on
the route's profile; the last page says it is the end and offers the menu. When page 1 must
share its SMS with an offer or the first-contact privacy line, the short answer is cut at a
sentence and its rest opens page 2: nothing is lost, and the privacy line is never behind MAS.

The pages are rebuilt from the article whenever they are needed, so the conversation state only
keeps a small cursor (see `Paging`): the article, the language, the next page and where page 1
cut the short answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from bot.channels.sms.profile import SmsProfile
from bot.knowledge.compose import legal_reminder, outdated_note, plain_body, sms_footer
from bot.knowledge.models import Article

PAGING_KEY = "paging"
_MORE = {"es": "({page}/{total}, MAS para seguir)", "en": "({page}/{total}, MORE to go on)"}
_NEXT = {"es": "(MAS para seguir)", "en": "(MORE to go on)"}
_END = {"es": "Fin. Escribe MENU para ver temas.", "en": "The end. Send MENU for topics."}
_PREFIX_MAX = len("99/99 ")
# Below this, page 1 would carry too little of the answer to be worth sharing its SMS.
MIN_HEAD = 60


class Paging(TypedDict, total=False):
    """The paging cursor kept in the conversation state under `PAGING_KEY`."""

    article: str
    lang: str
    next: int  # the page MAS sends next (page 1 is the answer itself)
    head: int  # characters of the short answer on page 1 (all of it when absent)


def _t(table: dict[str, str], lang: str) -> str:
    return table.get(lang) or table["es"]


@dataclass(frozen=True, slots=True)
class AnswerPages:
    """Every page of one answer on one profile."""

    first: str
    rest: tuple[str, ...]
    head: int

    @property
    def total(self) -> int:
        """How many pages, page 1 included."""
        return 1 + len(self.rest)

    def page(self, number: int) -> str | None:
        """Page `number` (1-based), or None past the end."""
        if number == 1:
            return self.first
        if 2 <= number <= self.total:
            return self.rest[number - 2]
        return None


def _sentence_cut(line: str, room: int, profile: SmsProfile) -> tuple[str, str]:
    """The sentences of a line that fit `room`, or ("", line) when not even one does."""
    head, rest = profile.cut(line, room)
    if head.endswith((".", ":", ";")) and rest:
        return head, rest
    return "", line


def _cut_summary(summary: str, room: int, profile: SmsProfile) -> str:
    """The short answer's head for page 1: whole sentences when at least one fits."""
    head, _ = profile.cut(summary, room)
    if head.endswith((".", ":", ";")):
        return head
    window = summary[: len(head) + 1]
    end = max(window.rfind(". "), window.rfind(": "), window.rfind("; "))
    return summary[: end + 1] if end + 1 >= MIN_HEAD // 2 else head


def _chunks(text: str, limit: int, profile: SmsProfile) -> list[str]:
    """Whole lines per chunk where they fit; a long line goes on with whole sentences where they
    fit, else on a fresh page, cut at a sentence or a word."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while profile.units(line) > limit:
            if current:
                head, line = _sentence_cut(line, limit - profile.units(current) - 1, profile)
                chunks.append(f"{current}\n{head}" if head else current)
                current = ""
                continue
            head, line = profile.cut(line, limit)
            chunks.append(head)
        candidate = f"{current}\n{line}" if current else line
        if current and profile.units(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def first_page_parts(
    article: Article, profile: SmsProfile, *, today: date | None
) -> tuple[str, str, str | None]:
    """The short answer, the source line (after the "may be outdated" note when it is due: both
    always stay on page 1) and the legal reminder, in the route's characters."""
    reminder = legal_reminder(article)
    note = outdated_note(article, today=today)
    footer = f"{note} {sms_footer(article)}" if note else sms_footer(article)
    return (
        profile.clean(article.sms.strip()),
        profile.clean(footer),
        profile.clean(reminder) if reminder else None,
    )


def build(
    article: Article,
    profile: SmsProfile,
    *,
    today: date | None,
    room: int | None = None,
    head: int | None = None,
) -> AnswerPages:
    """The pages of an article. `room` is what page 1 may hold (one SMS when None); `head`
    replays an earlier cut of the short answer (from the cursor)."""
    lang = article.lang
    summary, footer, reminder = first_page_parts(article, profile, today=today)
    body = profile.clean(plain_body(article))
    room = profile.budget if room is None else min(room, profile.budget)
    marker_room = len(_t(_MORE, lang).format(page=99, total=99)) + 1
    footer_room = 1 + profile.units(footer)
    if head is None:
        head = len(summary)
        need = profile.units(summary) + footer_room + (marker_room if body else 0)
        if need > room:
            # cut even when the answer has no further page, so the marker can be added
            head = len(
                _cut_summary(summary, max(room - footer_room - marker_room, MIN_HEAD), profile)
            )
    shown, overflow = summary[:head].rstrip(), summary[head:].strip()
    ending = " ".join(p for p in (_t(_END, lang), reminder) if p)
    limit = profile.budget - _PREFIX_MAX - 1 - len(_t(_NEXT, lang))
    details = "\n".join(part for part in (overflow, body) if part)
    chunks = _chunks(details, limit, profile) if details else []
    last_limit = profile.budget - _PREFIX_MAX - 1 - profile.units(ending)
    if chunks and profile.units(chunks[-1]) > last_limit:
        chunks[-1:] = _chunks(chunks[-1], last_limit, profile)
    total = 1 + len(chunks)
    first = shown
    if total > 1:
        first = f"{shown} {_t(_MORE, lang).format(page=1, total=total)}"
    first = f"{first}\n{footer}"
    if reminder and not overflow and profile.units(f"{first} {reminder}") <= room:
        first = f"{first} {reminder}"
    rest = []
    for number, chunk in enumerate(chunks, 2):
        closing = _t(_NEXT, lang) if number < total else ending
        rest.append(f"{number}/{total} {chunk}\n{closing}")
    return AnswerPages(first, tuple(rest), head)


def cursor(article: Article, pages: AnswerPages) -> Paging:
    """The cursor for MAS after page 1 was sent."""
    found: Paging = {"article": article.id, "lang": article.lang, "next": 2}
    if pages.head:
        found["head"] = pages.head
    return found
