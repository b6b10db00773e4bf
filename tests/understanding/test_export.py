"""`rumbo nlu export`: nlu/data/kb.yml is valid Rasa 3.x NLU data and never stale."""

from __future__ import annotations

import re

import yaml

from bot.knowledge.models import KnowledgeBase
from bot.understanding.export import render_kb_yaml
from bot.understanding.training import read_rasa_file
from tests.conftest import ROOT

KB_FILE = ROOT / "nlu" / "data" / "kb.yml"


def test_committed_kb_yml_is_what_export_writes(kb: KnowledgeBase) -> None:
    assert KB_FILE.read_text(encoding="utf-8") == render_kb_yaml(kb), (
        "nlu/data/kb.yml is stale: run `rumbo nlu export` and commit it"
    )


def test_kb_yml_is_rasa_nlu_data(kb: KnowledgeBase) -> None:
    data = yaml.safe_load(KB_FILE.read_text(encoding="utf-8"))
    assert str(data["version"]) == "3.1"
    assert set(data) == {"version", "nlu"}
    intents = [item["intent"] for item in data["nlu"]]
    assert len(intents) == len(set(intents)) == len(kb.ids())
    for item in data["nlu"]:
        assert set(item) == {"intent", "examples"}
        assert re.fullmatch(r"kb\.[a-z0-9-]+", item["intent"])
        lines = item["examples"].splitlines()
        assert len(lines) >= 10 and all(line.startswith("- ") for line in lines)
        # Rasa reads [text](entity) as annotation: plain questions must not contain brackets.
        assert not any("[" in line or "]" in line for line in lines)


def test_every_article_question_is_exported(kb: KnowledgeBase) -> None:
    exported = {(e.intent, e.text) for e in read_rasa_file(KB_FILE)}
    for article in kb.articles.values():
        for question in article.questions:
            assert (article.intent, question.strip()) in exported
