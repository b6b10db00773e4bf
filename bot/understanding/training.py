"""Training data: Rasa YAML files in `nlu/data` plus every article's `questions`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from bot import yamlio
from bot.knowledge.models import KnowledgeBase

_ENTITY = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled training message."""

    text: str
    intent: str
    lang: str | None = None
    group: str | None = None  # the article's topic: intents of one topic share confidence


def strip_annotations(text: str) -> str:
    """Rasa entity markup `[Quito](city)` becomes plain `Quito`."""
    return _ENTITY.sub(lambda m: m.group(1) or m.group(2), text)


def read_rasa_file(path: Path) -> list[Example]:
    """Examples of one Rasa NLU YAML file (intents only; synonyms and lookups are skipped)."""
    data = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
    found = []
    for item in data.get("nlu") or []:
        if not isinstance(item, dict) or "intent" not in item:
            continue
        examples = item.get("examples") or ""
        lines = examples.splitlines() if isinstance(examples, str) else list(examples)
        for line in lines:
            text = strip_annotations(str(line).strip().removeprefix("- ").strip())
            if text:
                found.append(Example(text, str(item["intent"])))
    return found


def data_files(nlu_dir: Path) -> list[Path]:
    """Every YAML file under `nlu/data`."""
    folder = nlu_dir / "data"
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []


def collect_examples(nlu_dir: Path, kb: KnowledgeBase) -> list[Example]:
    """All training examples, de-duplicated, knowledge-base questions labelled by language."""
    seen: set[tuple[str, str]] = set()
    examples: list[Example] = []
    for article in kb.articles.values():
        for question in article.questions:
            key = (question.lower(), article.intent)
            if key not in seen:
                seen.add(key)
                examples.append(Example(question, article.intent, article.lang, article.topic))
    for path in data_files(nlu_dir):
        for example in read_rasa_file(path):
            key = (example.text.lower(), example.intent)
            if key not in seen:
                seen.add(key)
                examples.append(example)
    return examples


def article_documents(kb: KnowledgeBase) -> dict[str, str]:
    """Each article intent's searchable text for the lexical index: title, SMS text, facets and
    body, both languages together (its questions come from the training examples, so that
    cross-validation can hold them out)."""
    from bot.understanding.lexical import article_text

    found: dict[str, list[str]] = {}
    for _key, article in sorted(kb.articles.items()):
        text = article_text(article.title, article.sms, article.body, article.facets)
        found.setdefault(article.intent, []).append(text)
    return {intent: " ".join(texts) for intent, texts in found.items()}


DANGER_FILE = "danger.yml"


def _danger_data(nlu_dir: Path) -> dict[str, object]:
    path = nlu_dir / DANGER_FILE
    if not path.exists():
        return {}
    data = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def danger_examples(nlu_dir: Path) -> list[tuple[str, str]]:
    """Messages that signal danger in people's own words (`nlu/danger.yml`), each with its
    category, for the learned danger model. Kept out of `nlu/data`: they are not an intent to
    route on."""
    by_category = _danger_data(nlu_dir).get("danger") or {}
    if not isinstance(by_category, dict):
        return []
    return [
        (str(text).strip(), str(category))
        for category, texts in by_category.items()
        for text in texts or []
        if str(text).strip()
    ]


def safe_examples(nlu_dir: Path) -> list[str]:
    """Messages told with urgency or hardship that are not danger (`not_danger` in
    `nlu/danger.yml`): negatives for the learned danger model."""
    texts = _danger_data(nlu_dir).get("not_danger") or []
    return (
        [str(text).strip() for text in texts if str(text).strip()]
        if isinstance(texts, list)
        else []
    )


def fingerprint(nlu_dir: Path, kb_dir: Path) -> str:
    """A hash of everything the model is trained from, to tell when it is stale."""
    digest = hashlib.sha256()
    danger = [nlu_dir / DANGER_FILE] if (nlu_dir / DANGER_FILE).exists() else []
    named = [(path, path.relative_to(nlu_dir)) for path in data_files(nlu_dir) + danger]
    named += [(path, path.relative_to(kb_dir)) for path in sorted(kb_dir.glob("articles/*/*/*.md"))]
    for path, name in named:
        # Named from its own folder: the same data gives the same hash whether the folders were
        # given as relative or absolute paths.
        digest.update(name.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
