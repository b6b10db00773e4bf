"""The knowledge base loads clean, and the checker catches what it must."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot import gsm7
from bot.knowledge.compose import full_text, sms_text
from bot.knowledge.loader import load_knowledge_base
from bot.knowledge.models import TOPICS, KnowledgeBase
from tests.conftest import ROOT

ARTICLE = """---
id: {id}
topic: health
title: Prueba
questions: [{questions}]
sms: {sms}
sources:
  - {{title: "Fuente", url: "https://help.unhcr.org/ecuador/", date: 2025-06-01}}
reviewed: 2026-11-28
review_by: {review_by}
jurisdiction: [EC]
escalate: false
---
Texto completo.
"""


def write_article(
    root: Path,
    lang: str,
    article_id: str,
    *,
    questions: list[str] | None = None,
    sms: str = "Texto corto.",
    review_by: str = "2027-05-28",
) -> None:
    folder = root / "articles" / lang / "health"
    folder.mkdir(parents=True, exist_ok=True)
    qs = questions or [f"pregunta {article_id} {i}" for i in range(10)]
    (folder / f"{article_id}.md").write_text(
        ARTICLE.format(id=article_id, questions=", ".join(qs), sms=sms, review_by=review_by),
        encoding="utf-8",
    )


def test_repository_knowledge_base_has_no_errors(kb: KnowledgeBase) -> None:
    report = load_knowledge_base(ROOT / "knowledge_base")
    assert report.errors == []
    assert {a.topic for a in kb.articles.values()} == set(TOPICS)


def test_every_article_sms_fits_two_gsm7_segments(kb: KnowledgeBase) -> None:
    for article in kb.articles.values():
        text = sms_text(article)
        assert gsm7.is_gsm7(text), article.id
        assert gsm7.segment_count(text) <= 2, article.id


def test_answers_end_with_source_and_checked_date(kb: KnowledgeBase) -> None:
    article = kb.article("health-access", "es")
    assert article is not None
    assert "Fuente:" in sms_text(article)
    assert f"Revisado el {article.reviewed:%d/%m/%Y}" in full_text(article)


def test_checker_reports_missing_language_short_question_list_and_long_sms(tmp_path: Path) -> None:
    write_article(tmp_path, "es", "only-spanish")
    write_article(tmp_path, "es", "few", questions=["una", "dos"])
    write_article(tmp_path, "en", "few", questions=["one", "two"])
    write_article(tmp_path, "es", "long", sms="palabra " * 60)
    write_article(tmp_path, "en", "long", sms="word " * 10)
    (tmp_path / "services").mkdir()
    report = load_knowledge_base(tmp_path)
    messages = [str(p) for p in report.errors]
    assert any("only-spanish: no en version" in m for m in messages)
    assert any("2 questions, need 10" in m for m in messages)
    assert any("over 2 segments" in m for m in messages)


def test_duplicate_questions_across_articles_are_errors(tmp_path: Path) -> None:
    same = [f"misma pregunta {i}" for i in range(10)]
    for article_id in ("uno", "dos"):
        for lang in ("es", "en"):
            write_article(tmp_path, lang, article_id, questions=same)
    (tmp_path / "services").mkdir()
    report = load_knowledge_base(tmp_path)
    assert any("also in" in str(p) for p in report.errors)


def test_expired_article_is_a_warning_and_gets_a_note(tmp_path: Path) -> None:
    for lang in ("es", "en"):
        write_article(tmp_path, lang, "old", review_by="2026-12-01")
    (tmp_path / "services").mkdir()
    report = load_knowledge_base(tmp_path, today=date(2027, 1, 1))
    assert report.errors == []
    assert any("review_by" in str(p) for p in report.warnings)
    article = report.kb.article("old", "es")
    assert article is not None
    assert "desactualizad" in full_text(article, today=date(2027, 1, 1))
    assert "desactualizad" in sms_text(article, today=date(2027, 1, 1))


def test_services_have_the_safety_lines(kb: KnowledgeBase) -> None:
    assert kb.services["ecu-911"].phone == "911"
    assert kb.services["fiscalia-1800-delito"].phone


def test_facets_are_optional_and_checked(tmp_path: Path) -> None:
    write_article(tmp_path, "es", "con-facetas")
    write_article(tmp_path, "en", "con-facetas")
    path = tmp_path / "articles" / "es" / "health" / "con-facetas.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "escalate: false\n",
            'escalate: false\nfacets:\n  cost: "Gratis (fuente, 2025)."\n  price: "USD 5"\n',
        ),
        encoding="utf-8",
    )
    report = load_knowledge_base(tmp_path, today=date(2026, 11, 28))
    assert [p.message for p in report.errors] == [
        "facet 'price': use one of ('cost', 'where', 'documents', 'time')"
    ]
    assert report.kb.articles[("con-facetas", "es")].facets == {"cost": "Gratis (fuente, 2025)."}
    assert report.kb.articles[("con-facetas", "en")].facets == {}


def test_repository_facets_use_known_keys(kb: KnowledgeBase) -> None:
    with_facets = [a for a in kb.articles.values() if a.facets]
    assert with_facets
    for article in with_facets:
        assert set(article.facets) <= {"cost", "where", "documents", "time"}, article.id
        other = kb.articles[(article.id, "en" if article.lang == "es" else "es")]
        assert set(other.facets) == set(article.facets), article.id
