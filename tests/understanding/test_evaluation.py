"""The held-out test file: independent of training data, and the figures `rumbo eval` reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.models import KnowledgeBase
from bot.understanding.evaluation import evaluate_file, load_test_file, near_copies, score
from bot.understanding.training import collect_examples
from tests.conftest import ROOT, make_settings

TEST_FILE = ROOT / "tests" / "data" / "nlu_test.yml"


def test_no_test_message_is_a_near_copy_of_training(kb: KnowledgeBase) -> None:
    training = [e.text for e in collect_examples(ROOT / "nlu", kb)]
    tests = [str(e["text"]) for e in load_test_file(TEST_FILE)]
    copies = near_copies(tests, training, threshold=0.8)
    assert not copies, "\n".join(f"{t!r} ~ {s!r} ({j:.2f})" for t, s, j in copies)


def test_near_copy_check_catches_copies() -> None:
    copies = near_copies(["Dónde saco la VISA??"], ["donde saco la visa", "hola"], threshold=0.8)
    assert [(t, s) for t, s, _ in copies] == [("Dónde saco la VISA??", "donde saco la visa")]


def test_test_file_is_large_and_labelled() -> None:
    examples = load_test_file(TEST_FILE)
    assert len(examples) >= 300
    assert all({"text", "expect", "danger", "lang"} <= set(e) for e in examples)
    assert sum(bool(e["danger"]) for e in examples) >= 30
    assert sum(e["expect"] == "out_of_scope" for e in examples) >= 20


def test_score_counts_each_figure() -> None:
    rows = [
        ("health", "health", False, False),
        ("health", "work", False, True),
        ("out_of_scope", "out_of_scope", False, False),
        ("work", "out_of_scope", True, True),
    ]
    report = score(rows)
    assert report["topic_accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert report["intent_accuracy"] == 0.5
    assert report["danger_recall"] == 1.0
    assert report["danger_false_alarm_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert report["out_of_scope_precision"] == 0.5
    assert report["out_of_scope_recall"] == 1.0
    assert ["health", "work", 1] in report["confused"]


async def test_embedded_meets_its_floors_on_the_held_out_file(tmp_path: Path) -> None:
    report = await evaluate_file(make_settings(tmp_path), TEST_FILE, backend="embedded")
    assert report["danger_recall"] == 1.0, [m for m in report["misses"] if m["danger"]]
    assert report["danger_false_alarm_rate"] < 0.05
    assert report["topic_accuracy"] >= 0.75
    assert report["macro_f1"] >= 0.8
    assert report["out_of_scope_recall"] >= 0.5
