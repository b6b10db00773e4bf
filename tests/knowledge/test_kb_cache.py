"""The checked knowledge base kept for the next start (issue 19): read back only while nothing it
was read from has changed, never kept when it has errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import cache, loader
from bot.knowledge.loader import KnowledgeBaseInvalid

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge_base"
    shutil.copytree(ROOT / "knowledge_base", target)
    return target


def _no_reading(*_: object, **__: object) -> None:
    raise AssertionError("the knowledge base was read again")


def test_a_second_start_reads_the_kept_copy(
    kb_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    var = tmp_path / "var"
    first = cache.load_checked(kb_dir, var)
    assert cache.cache_path(var).exists()
    monkeypatch.setattr(loader, "load_valid_knowledge_base", _no_reading)
    again = cache.load_checked(kb_dir, var)
    assert again.articles.keys() == first.articles.keys()
    assert again.services.keys() == first.services.keys()
    some = next(iter(first.articles))
    assert again.articles[some] == first.articles[some]


def test_an_edited_article_is_read_again(kb_dir: Path, tmp_path: Path) -> None:
    var = tmp_path / "var"
    cache.load_checked(kb_dir, var)
    path = kb_dir / "articles" / "es" / "education" / "education-degree-recognition.md"
    key = ("education-degree-recognition", "es")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nUna línea nueva, de prueba.\n", encoding="utf-8")
    after = cache.load_checked(kb_dir, var)
    assert "Una línea nueva, de prueba." in after.articles[key].body


def test_a_knowledge_base_with_errors_is_refused_and_not_kept(kb_dir: Path, tmp_path: Path) -> None:
    var = tmp_path / "var"
    cache.load_checked(kb_dir, var)
    broken = next(iter(sorted(kb_dir.glob("articles/es/*/*.md"))))
    broken.write_text("---\nid: [not closed\n---\nbody\n", encoding="utf-8")
    kept = cache.cache_path(var).read_bytes()
    with pytest.raises(KnowledgeBaseInvalid):
        cache.load_checked(kb_dir, var)
    assert cache.cache_path(var).read_bytes() == kept  # the old copy, under the old fingerprint
    with pytest.raises(KnowledgeBaseInvalid):
        cache.load_checked(kb_dir, var)  # and it is never taken for the broken one


def test_a_damaged_copy_is_read_again_and_replaced(kb_dir: Path, tmp_path: Path) -> None:
    var = tmp_path / "var"
    first = cache.load_checked(kb_dir, var)
    path = cache.cache_path(var)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    again = cache.load_checked(kb_dir, var)
    assert again.articles.keys() == first.articles.keys()
    assert path.read_bytes() != data[: len(data) // 2]
