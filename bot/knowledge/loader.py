"""Read `knowledge_base/` from disk and report every problem it finds."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot import gsm7, yamlio
from bot.knowledge.compose import sms_text
from bot.knowledge.models import (
    LANGS,
    SERVICE_KINDS,
    TOPICS,
    Article,
    KnowledgeBase,
    Service,
    Source,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
JURISDICTION_RE = re.compile(r"^EC(?:-[A-Z]{1,2})?$")
ARTICLE_FIELDS = {
    "id",
    "topic",
    "title",
    "questions",
    "sms",
    "sources",
    "reviewed",
    "review_by",
    "jurisdiction",
    "escalate",
}
ARTICLE_OPTIONAL = {"facets"}
FACETS = ("cost", "where", "documents", "time")
SERVICE_REQUIRED = {"id", "name", "organisation", "kinds", "provinces", "sources"}
SERVICE_FIELDS = SERVICE_REQUIRED | {
    "cities",
    "address",
    "phone",
    "whatsapp",
    "website",
    "hours",
    "cost",
    "eligibility",
    "languages",
    "lat",
    "lon",
    "verified",
    "notes",
}
# National short numbers a mobile can dial anywhere (phonenumbers does not list 171).
SHORT_NUMBERS = frozenset({"911", "171"})
EXTENSION_RE = re.compile(r"\s*(?:ext\.?|extensi[oó]n|x)\s*[\d\s/]+$", re.IGNORECASE)
STALE_SUFFIX = ": over a year ago"
MIN_QUESTIONS = 10
MAX_SMS_SEGMENTS = 2


@dataclass(slots=True)
class Problem:
    """One finding of the checker."""

    level: str  # "error" or "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


@dataclass(slots=True)
class LoadReport:
    """The loaded knowledge base and what is wrong with it."""

    kb: KnowledgeBase
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that make `rumbo kb check` fail."""
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that are reported but do not fail the check."""
        return [p for p in self.problems if p.level == "warning"]


def fold_question(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to find duplicate questions."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9ñ]+", plain))


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split `---` YAML front matter from the Markdown body."""
    if not text.startswith("---"):
        raise ValueError("missing front matter (the file must start with ---)")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise ValueError("front matter is not closed with ---")
    meta = yamlio.safe_load(parts[0][3:])
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    return meta, body


def _as_date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"{what} is not a date (YYYY-MM-DD): {value!r}") from exc


def _sources(raw: Any, where: str, problems: list[Problem]) -> tuple[Source, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("error", where, "at least one source is required"))
        return ()
    found = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not item.get("url") or not item.get("title"):
            problems.append(Problem("error", where, f"source {index + 1} needs a title and url"))
            continue
        url = str(item["url"])
        if not url.startswith(("https://", "http://")):
            problems.append(Problem("error", where, f"source URL is not http(s): {url}"))
        when = None
        if item.get("date") is not None:
            try:
                when = _as_date(item["date"], "source date")
            except ValueError as exc:
                problems.append(Problem("error", where, str(exc)))
        found.append(Source(str(item["title"]), url, when))
    return tuple(found)


def load_article(path: Path, lang: str, topic: str, problems: list[Problem]) -> Article | None:
    """Parse and validate one article file."""
    where = str(path)
    try:
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    except (ValueError, yaml.YAMLError) as exc:
        problems.append(Problem("error", where, str(exc)))
        return None
    missing = ARTICLE_FIELDS - meta.keys()
    if missing:
        problems.append(Problem("error", where, f"missing fields: {', '.join(sorted(missing))}"))
        return None
    unknown = meta.keys() - ARTICLE_FIELDS - ARTICLE_OPTIONAL
    if unknown:
        problems.append(Problem("error", where, f"unknown fields: {', '.join(sorted(unknown))}"))
    article_id = str(meta["id"])
    if not ID_RE.match(article_id):
        problems.append(Problem("error", where, f"id {article_id!r}: lowercase, digits, hyphens"))
    if path.stem != article_id:
        problems.append(Problem("error", where, f"file name must be {article_id}.md"))
    if meta["topic"] != topic or topic not in TOPICS:
        problems.append(Problem("error", where, f"topic {meta['topic']!r} must match the folder"))
    questions = [str(q).strip() for q in meta["questions"] or [] if str(q).strip()]
    if len(questions) < MIN_QUESTIONS:
        problems.append(
            Problem("error", where, f"{len(questions)} questions, need {MIN_QUESTIONS}")
        )
    if not body.strip():
        problems.append(Problem("error", where, "the body (full answer) is empty"))
    try:
        reviewed = _as_date(meta["reviewed"], "reviewed")
        review_by = _as_date(meta["review_by"], "review_by")
    except ValueError as exc:
        problems.append(Problem("error", where, str(exc)))
        return None
    if review_by < reviewed:
        problems.append(Problem("error", where, "review_by is before reviewed"))
    jurisdiction = tuple(str(j) for j in (meta["jurisdiction"] or []))
    if not jurisdiction or not all(JURISDICTION_RE.match(j) for j in jurisdiction):
        problems.append(Problem("error", where, f"jurisdiction must be EC or EC-X: {jurisdiction}"))
    if not isinstance(meta["escalate"], bool):
        problems.append(Problem("error", where, "escalate must be true or false"))
    facets = _facets(meta.get("facets"), where, problems)
    sources = _sources(meta["sources"], where, problems)
    if not sources or not str(meta["sms"] or "").strip():
        problems.append(Problem("error", where, "sms text and sources are required"))
        return None
    return Article(
        id=article_id,
        lang=lang,
        topic=topic,
        title=str(meta["title"]).strip(),
        questions=tuple(questions),
        sms=" ".join(str(meta["sms"]).split()),
        body=body.strip(),
        sources=sources,
        reviewed=reviewed,
        review_by=review_by,
        jurisdiction=jurisdiction,
        escalate=bool(meta["escalate"]),
        path=path,
        facets=facets,
    )


def _facets(raw: Any, where: str, problems: list[Problem]) -> dict[str, str]:
    """Optional sourced parts of an answer (cost, where, documents, time), each one sentence."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(Problem("error", where, f"facets must be a mapping of {FACETS}"))
        return {}
    facets: dict[str, str] = {}
    for key, value in raw.items():
        if key not in FACETS:
            problems.append(Problem("error", where, f"facet {key!r}: use one of {FACETS}"))
        elif not str(value or "").strip():
            problems.append(Problem("error", where, f"facet {key!r} is empty"))
        else:
            facets[str(key)] = " ".join(str(value).split())
    return facets


def _check_sms(article: Article, problems: list[Problem]) -> None:
    text = sms_text(article)
    where = str(article.path)
    if not gsm7.is_gsm7(text):
        bad = sorted({c for c in text if not gsm7.is_gsm7(c)})
        problems.append(Problem("error", where, f"sms is not GSM-7 after transliteration: {bad}"))
    elif gsm7.segment_count(text) > MAX_SMS_SEGMENTS:
        problems.append(
            Problem(
                "error", where, f"sms with footer is {gsm7.units(text)} characters, over 2 segments"
            )
        )


def _check_cross_language(kb: KnowledgeBase, problems: list[Problem]) -> None:
    for article_id in kb.ids():
        versions = {lang: kb.articles.get((article_id, lang)) for lang in LANGS}
        present = {lang: a for lang, a in versions.items() if a is not None}
        for lang in LANGS:
            if lang not in present:
                problems.append(Problem("error", article_id, f"no {lang} version"))
        if len({(a.topic, a.escalate, a.jurisdiction) for a in present.values()}) > 1:
            problems.append(
                Problem("error", article_id, "topic, escalate and jurisdiction differ by language")
            )


def _check_duplicate_questions(kb: KnowledgeBase, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for article in kb.articles.values():
        for question in article.questions:
            key = f"{article.lang}:{fold_question(question)}"
            owner = seen.setdefault(key, article.id)
            if owner != article.id:
                problems.append(
                    Problem("error", str(article.path), f"question {question!r} also in {owner}")
                )


def load_services(folder: Path, problems: list[Problem]) -> dict[str, Service]:
    """Read every `services/*.yml` file."""
    services: dict[str, Service] = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            entries = yamlio.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            problems.append(Problem("error", str(path), f"YAML: {exc}"))
            continue
        if not isinstance(entries, list):
            problems.append(Problem("error", str(path), "a services file is a list of entries"))
            continue
        for raw in entries:
            service = _service(raw, str(path), problems)
            if service is None:
                continue
            if service.id in services:
                problems.append(Problem("error", str(path), f"duplicate service id {service.id}"))
            services[service.id] = service
    return services


def phone_problem(number: str) -> str | None:
    """Why a phone number cannot be dialled from a mobile in Ecuador, or None if it can.
    National short numbers (911, 171) and 1800 lines are fine; a landline needs its area code
    (+593 2 ... or 02 ... for Quito); an extension may follow ("ext. 23035 / 23036")."""
    main = EXTENSION_RE.sub("", number).strip()
    digits = re.sub(r"\D", "", main)
    if not digits:
        return "no digits"
    if not re.fullmatch(r"\+?[\d\s().-]+", main):
        return "only digits, spaces and a leading + (then an optional ext.)"
    if digits in SHORT_NUMBERS:
        return None
    import phonenumbers  # only to check the knowledge base: `rumbo serve` loads its cache
    from phonenumbers import shortnumberinfo

    try:
        parsed = phonenumbers.parse(main, "EC")
    except phonenumbers.NumberParseException as exc:
        return f"not a phone number ({exc})"
    if shortnumberinfo.is_valid_short_number_for_region(parsed, "EC"):
        return None
    if not phonenumbers.is_valid_number(parsed):
        return "not dialable from a mobile (a landline needs its area code: +593 2 ... in Quito)"
    return None


def whatsapp_problem(number: str) -> str | None:
    """Why a WhatsApp number is unusable, or None: it must be a full international number."""
    if not number.strip().startswith("+"):
        return "a WhatsApp number is written in international form (+593 ...)"
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException as exc:
        return f"not a phone number ({exc})"
    if not phonenumbers.is_valid_number(parsed):
        return "not a valid international number"
    return None


def _service(raw: Any, where: str, problems: list[Problem]) -> Service | None:
    if not isinstance(raw, dict):
        problems.append(Problem("error", where, "a service entry must be a mapping"))
        return None
    here = f"{where}#{raw.get('id', '?')}"
    missing = SERVICE_REQUIRED - raw.keys()
    if missing:
        problems.append(Problem("error", here, f"missing fields: {', '.join(sorted(missing))}"))
        return None
    unknown = raw.keys() - SERVICE_FIELDS
    if unknown:
        problems.append(Problem("error", here, f"unknown fields: {', '.join(sorted(unknown))}"))
    kinds = tuple(str(k) for k in raw["kinds"] or [])
    if not kinds or not set(kinds) <= SERVICE_KINDS:
        problems.append(Problem("error", here, f"kinds must be among {sorted(SERVICE_KINDS)}"))
    provinces = tuple(str(p) for p in raw["provinces"] or [])
    if not provinces or not all(JURISDICTION_RE.match(p) for p in provinces):
        problems.append(Problem("error", here, "provinces must be EC or EC-X codes"))
    if not ID_RE.match(str(raw["id"])):
        problems.append(Problem("error", here, "id: lowercase, digits, hyphens"))
    verified = None
    if raw.get("verified") is not None:
        try:
            verified = _as_date(raw["verified"], "verified")
        except ValueError as exc:
            problems.append(Problem("error", here, str(exc)))
    sources = _sources(raw["sources"], here, problems)
    if raw.get("phone") is not None:
        problem = phone_problem(str(raw["phone"]))
        if problem:
            problems.append(Problem("error", here, f"phone {raw['phone']!r}: {problem}"))
    if raw.get("whatsapp") is not None:
        problem = whatsapp_problem(str(raw["whatsapp"]))
        if problem:
            problems.append(Problem("error", here, f"whatsapp {raw['whatsapp']!r}: {problem}"))
    return Service(
        id=str(raw["id"]),
        name=str(raw["name"]),
        organisation=str(raw["organisation"]),
        kinds=kinds,
        provinces=provinces,
        cities=tuple(str(c) for c in raw.get("cities") or []),
        sources=sources,
        verified=verified,
        address=raw.get("address"),
        phone=str(raw["phone"]) if raw.get("phone") is not None else None,
        whatsapp=str(raw["whatsapp"]) if raw.get("whatsapp") is not None else None,
        website=raw.get("website"),
        hours=raw.get("hours"),
        cost=raw.get("cost"),
        eligibility=raw.get("eligibility"),
        notes=raw.get("notes"),
        languages=tuple(raw.get("languages") or ()),
        lat=float(raw["lat"]) if raw.get("lat") is not None else None,
        lon=float(raw["lon"]) if raw.get("lon") is not None else None,
    )


def load_knowledge_base(root: Path, *, today: date | None = None) -> LoadReport:
    """Load every article and service below `root`, validating as it goes."""
    today = today or date.today()
    problems: list[Problem] = []
    kb = KnowledgeBase()
    articles_dir = root / "articles"
    if not articles_dir.is_dir():
        problems.append(Problem("error", str(root), "no articles/ folder"))
    for path in sorted(articles_dir.glob("*/*/*.md")):
        lang, topic = path.parent.parent.name, path.parent.name
        if lang not in LANGS:
            problems.append(Problem("error", str(path), f"unknown language folder {lang!r}"))
            continue
        article = load_article(path, lang, topic, problems)
        if article is None:
            continue
        if (article.id, lang) in kb.articles:
            problems.append(Problem("error", str(path), f"duplicate id {article.id} in {lang}"))
        kb.articles[(article.id, lang)] = article
        _check_sms(article, problems)
        if article.expired(today):
            problems.append(
                Problem("warning", str(path), f"review_by {article.review_by} has passed")
            )
    _check_cross_language(kb, problems)
    _check_duplicate_questions(kb, problems)
    kb.services = load_services(root / "services", problems)
    for service in kb.services.values():
        if service.verified is None or service.verified < today - timedelta(days=365):
            problems.append(
                Problem(
                    "warning",
                    f"service {service.id}",
                    f"verified {service.verified}{STALE_SUFFIX}",
                )
            )
    return LoadReport(kb, problems)


class KnowledgeBaseInvalid(Exception):
    """The knowledge base has errors; `rumbo kb check` lists them."""

    retryable = False


def load_valid_knowledge_base(kb_dir: Path) -> KnowledgeBase:
    """Load the knowledge base, refusing to run on one with errors."""
    report = load_knowledge_base(kb_dir)
    if report.errors:
        raise KnowledgeBaseInvalid(f"{len(report.errors)} errors in {kb_dir}; run `rumbo kb check`")
    return report.kb
