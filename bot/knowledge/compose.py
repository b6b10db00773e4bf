"""How an article is turned into the text a person reads: body, freshness note and footer."""

from __future__ import annotations

from datetime import date

from bot import gsm7
from bot.knowledge.models import LEGAL_TOPICS, Article

_FOOTER = {
    "es": "Fuente: {host}, rev. {month}.",
    "en": "Source: {host}, checked {month}.",
}
_FULL_FOOTER = {
    "es": "Fuente: {title} ({host}). Revisado el {day}.",
    "en": "Source: {title} ({host}). Last checked {day}.",
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


def sms_footer(article: Article) -> str:
    """The one short "source, last checked" line of an SMS."""
    source = article.sources[0]
    month = article.reviewed.strftime("%m/%Y")
    return _FOOTER[article.lang].format(host=source.host, month=month)


def sms_text(article: Article, *, today: date | None = None) -> str:
    """The SMS as sent: body, footer, and the legal reminder when it costs no extra segment."""
    parts = [article.sms.strip()]
    if today is not None and article.expired(today):
        parts.append(_OUTDATED_SHORT[article.lang])
    parts.append(sms_footer(article))
    text = gsm7.transliterate(" ".join(parts))
    if article.topic in LEGAL_TOPICS:
        with_disclaimer = f"{text} {_DISCLAIMER_SHORT[article.lang]}"
        if gsm7.segment_count(with_disclaimer) <= gsm7.segment_count(text):
            text = with_disclaimer
    return text


def full_text(article: Article, *, today: date | None = None) -> str:
    """The Telegram and web answer: title, body, freshness note, footer."""
    source = article.sources[0]
    lines = [article.title, "", article.body.strip()]
    if today is not None and article.expired(today):
        lines += ["", _OUTDATED[article.lang]]
    footer = _FULL_FOOTER[article.lang].format(
        title=source.title, host=source.host, day=article.reviewed.strftime("%d/%m/%Y")
    )
    if article.topic in LEGAL_TOPICS:
        footer = f"{footer} {_DISCLAIMER[article.lang]}"
    lines += ["", footer]
    return "\n".join(lines)
