"""Typed knowledge-base content: articles, their sources, and service entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

TOPICS: tuple[str, ...] = (
    "rights",
    "regularisation",
    "protection",
    "health",
    "education",
    "work",
    "housing",
    "services",
    "safety",
    "returnees",
)
LANGS: tuple[str, ...] = ("es", "en")
LEGAL_TOPICS = frozenset({"rights", "regularisation", "protection", "work", "housing", "returnees"})
SERVICE_KINDS = frozenset(
    {
        "legal_aid",
        "health",
        "shelter",
        "food",
        "psychosocial",
        "protection",
        "registration",
        "education",
        "work",
        "government",
        "emergency",
    }
)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from."""

    title: str
    url: str
    date: date | None

    @property
    def host(self) -> str:
        """The short host name shown in footers (`www.` removed)."""
        host = urlparse(self.url).hostname or self.url
        return host.removeprefix("www.")


@dataclass(frozen=True, slots=True)
class Article:
    """One answer, in one language."""

    id: str
    lang: str
    topic: str
    title: str
    questions: tuple[str, ...]
    sms: str
    body: str
    sources: tuple[Source, ...]
    reviewed: date
    review_by: date
    jurisdiction: tuple[str, ...]
    escalate: bool
    path: Path
    facets: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def intent(self) -> str:
        """The NLU intent that answers with this article."""
        return f"kb.{self.id}"

    def expired(self, today: date) -> bool:
        """Past its review date: still served, with a warning."""
        return today > self.review_by


@dataclass(frozen=True, slots=True)
class Service:
    """A place or line where people get help. Fields no source gives stay None."""

    id: str
    name: str
    organisation: str
    kinds: tuple[str, ...]
    provinces: tuple[str, ...]
    cities: tuple[str, ...]
    sources: tuple[Source, ...]
    verified: date | None
    address: str | None = None
    phone: str | None = None
    whatsapp: str | None = None
    website: str | None = None
    hours: str | dict[str, str] | None = None
    cost: str | dict[str, str] | None = None
    eligibility: str | dict[str, str] | None = None
    notes: str | dict[str, str] | None = None
    languages: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None

    def localized(self, value: str | dict[str, str] | None, lang: str) -> str | None:
        """Pick the language version of a free-text field."""
        if value is None or isinstance(value, str):
            return value
        return value.get(lang) or value.get("es") or next(iter(value.values()), None)


@dataclass(slots=True)
class KnowledgeBase:
    """Everything loaded from `knowledge_base/`, indexed for the flows."""

    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)

    def article(self, article_id: str, lang: str) -> Article | None:
        """The article in the wanted language, else in the other one."""
        found = self.articles.get((article_id, lang))
        if found is None:
            for other in LANGS:
                found = found or self.articles.get((article_id, other))
        return found

    def ids(self) -> list[str]:
        """Every article id, sorted."""
        return sorted({article_id for article_id, _ in self.articles})

    def by_topic(self, topic: str, lang: str) -> list[Article]:
        """The articles of a topic in one language, in a stable order."""
        found = [a for (_, lg), a in self.articles.items() if a.topic == topic and lg == lang]
        return sorted(found, key=lambda a: a.id)

    def topic_of(self, article_id: str) -> str | None:
        """The topic of an article id."""
        for (found_id, _), article in self.articles.items():
            if found_id == article_id:
                return article.topic
        return None

    def services_of_kind(self, kind: str) -> list[Service]:
        """Every service that offers this kind of help."""
        return [s for s in self.services.values() if kind in s.kinds]
