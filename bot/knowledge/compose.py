"""How an article is turned into the text a person reads: body, freshness note and footer.

The footer is one short "source, last checked" line: the first (most official) source, with the
month of the newest source the article rests on ("Fuente: Cancillería, dic 2025").
"""

from __future__ import annotations

import re
from datetime import date

from bot import gsm7
from bot.knowledge.models import LEGAL_TOPICS, Article

_FOOTER = {
    "es": "Fuente: {name}, {month}.",
    "en": "Source: {name}, {month}.",
}
_FULL_FOOTER = {
    "es": "Fuente: {title} ({host}), {month}. Revisado el {day}.",
    "en": "Source: {title} ({host}), {month}. Last checked {day}.",
}
_MONTHS = {
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_DISCLAIMER_SHORT = {"es": "Info, no asesoria legal.", "en": "Info, not legal advice."}
_DISCLAIMER = {
    "es": "Esto es información, no asesoría legal.",
    "en": "This is information, not legal advice.",
}
_OUTDATED = {
    "es": "Atención: esta respuesta puede estar desactualizada. Una persona puede confirmarla.",
    "en": "Note: this answer may be out of date. A person can confirm it for you.",
}
_OUTDATED_SHORT = {"es": "Puede estar desactualizado.", "en": "May be out of date."}
_NAME_MAX = 24
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")


def newest_source_date(article: Article) -> date:
    """The date of the newest source (the review date when no source is dated)."""
    dated = [source.date for source in article.sources if source.date is not None]
    return max(dated) if dated else article.reviewed


def month_label(day: date, lang: str) -> str:
    """ "dic 2025" / "Dec 2025"."""
    months = _MONTHS.get(lang, _MONTHS["es"])
    return f"{months[day.month - 1]} {day.year}"


def source_name(article: Article) -> str:
    """The short name of the first source: its title's publisher ("ACNUR Ecuador: ..."), else
    its host."""
    source = article.sources[0]
    publisher, colon, _ = source.title.partition(":")
    publisher = publisher.strip()
    if colon and 0 < len(publisher) <= _NAME_MAX:
        return publisher
    return source.host


def sms_footer(article: Article) -> str:
    """The one short "source, last checked" line of an SMS."""
    month = month_label(newest_source_date(article), article.lang)
    return _FOOTER[article.lang].format(name=source_name(article), month=month)


def legal_reminder(article: Article) -> str | None:
    """The short "information, not legal advice" reminder, on legal topics only."""
    return _DISCLAIMER_SHORT[article.lang] if article.topic in LEGAL_TOPICS else None


def outdated_note(article: Article, *, today: date | None) -> str | None:
    """The short "may be outdated" note, once review_by has passed."""
    if today is not None and article.expired(today):
        return _OUTDATED_SHORT[article.lang]
    return None


def sms_summary(article: Article, *, today: date | None = None) -> str:
    """The article's short answer for SMS, with the "may be outdated" note when it is due."""
    parts = [article.sms.strip()]
    if today is not None and article.expired(today):
        parts.append(_OUTDATED_SHORT[article.lang])
    return " ".join(parts)


def sms_text(article: Article, *, today: date | None = None) -> str:
    """The SMS as sent: body, footer, and the legal reminder when it costs no extra segment."""
    text = gsm7.transliterate(f"{sms_summary(article, today=today)} {sms_footer(article)}")
    reminder = legal_reminder(article)
    if reminder:
        with_disclaimer = f"{text} {reminder}"
        if gsm7.segment_count(with_disclaimer) <= gsm7.segment_count(text):
            text = with_disclaimer
    return text


def plain_body(article: Article) -> str:
    """The whole answer as plain lines for SMS: no markdown, a list item per short line."""
    lines = []
    for raw in article.body.strip().splitlines():
        line = _EMPHASIS.sub("", _LINK.sub(r"\1 \2", raw)).strip()
        line = line.lstrip("#").strip()
        if line.startswith(("* ", "+ ")):
            line = f"- {line[2:].strip()}"
        if line:
            lines.append(" ".join(line.split()))
    return "\n".join(lines)


def full_text(article: Article, *, today: date | None = None) -> str:
    """The Telegram and web answer: title, body, freshness note, footer."""
    source = article.sources[0]
    lines = [article.title, "", article.body.strip()]
    if today is not None and article.expired(today):
        lines += ["", _OUTDATED[article.lang]]
    footer = _FULL_FOOTER[article.lang].format(
        title=source.title,
        host=source.host,
        month=month_label(newest_source_date(article), article.lang),
        day=article.reviewed.strftime("%d/%m/%Y"),
    )
    if article.topic in LEGAL_TOPICS:
        footer = f"{footer} {_DISCLAIMER[article.lang]}"
    lines += ["", footer]
    return "\n".join(lines)
