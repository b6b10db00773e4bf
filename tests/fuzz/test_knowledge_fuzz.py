"""The knowledge-base loader: any file content is reported as a problem, never a crash; a
valid article loads exactly once."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge.loader import ARTICLE_FIELDS, ARTICLE_OPTIONAL, load_knowledge_base
from tests.conftest import ROOT

ARTICLE = next((ROOT / "knowledge_base" / "articles" / "es" / "health").glob("*.md"))
FIELDS = sorted(ARTICLE_FIELDS | ARTICLE_OPTIONAL)
yaml_values = st.sampled_from(
    [
        "",
        "null",
        "[]",
        "{}",
        "- a\n- b",
        "2026-13-45",
        "'x'",
        "{a: [1, {b: c}]}",
        "&a [*a]",
        "!!python/object:os.system ls",
        "- {title: t, url: 'javascript:x', date: nope}",
        "\t\x00",
    ]
) | st.text(max_size=40)


def kb_with(text: str | bytes) -> Path:
    root = Path(tempfile.mkdtemp(prefix="kbfuzz"))
    folder = root / "articles" / "es" / "health"
    folder.mkdir(parents=True)
    (root / "services").mkdir()
    path = folder / ARTICLE.name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return root


@given(content=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: "---\n" + t))
def test_any_file_is_a_problem_not_a_crash(content) -> None:
    load_knowledge_base(kb_with(content), today=date(2026, 12, 1))


@given(field=st.sampled_from(FIELDS), value=yaml_values)
def test_a_mutated_field_is_a_problem_not_a_crash(field: str, value: str) -> None:
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    out, skipping = [], False
    for line in lines:
        if line.startswith(f"{field}:"):
            out.append(f"{field}: {value}" if "\n" not in value else f"{field}:\n{value}")
            skipping = True
            continue
        if skipping and (line.startswith((" ", "-")) and not line.startswith("---")):
            continue
        skipping = False
        out.append(line)
    load_knowledge_base(kb_with("\n".join(out)), today=date(2026, 12, 1))


def test_the_real_article_loads_exactly_once() -> None:
    report = load_knowledge_base(kb_with(ARTICLE.read_text()), today=date(2026, 12, 1))
    assert len(report.kb.articles) == 1
