"""`rumbo eval`: accuracy, macro-F1, danger recall and false alarms on a labelled file."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from bot import yamlio
from bot.config import Settings
from bot.knowledge.models import TOPICS
from bot.understanding.base import FALLBACK_INTENT, ParseResult
from bot.understanding.danger import danger_of
from bot.understanding.language import identify
from bot.understanding.normalize import tokens


def load_test_file(path: Path) -> list[dict[str, Any]]:
    """The labelled examples: text, expect (topic or core intent), danger, lang."""
    data = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
    return [dict(item) for item in data.get("examples") or []]


def near_copies(
    tests: list[str], training: list[str], *, threshold: float = 0.8
) -> list[tuple[str, str, float]]:
    """Test messages whose normalised token set is at least `threshold` Jaccard-similar to a
    training example: (test, training, similarity), the closest training example for each."""
    train_sets = [(text, frozenset(tokens(text))) for text in training]
    found = []
    for test in tests:
        words = frozenset(tokens(test))
        if not words:
            continue
        best, best_text = 0.0, ""
        for text, other in train_sets:
            if other:
                similarity = len(words & other) / len(words | other)
                if similarity > best:
                    best, best_text = similarity, text
        if best >= threshold:
            found.append((test, best_text, best))
    return found


def predicted_label(parse: ParseResult, topic_of: dict[str, str]) -> str:
    """A prediction on the label scale of the file: a topic for kb intents, else the intent."""
    name = parse.intent.name
    if name.startswith("kb."):
        return topic_of.get(name[3:], "unknown")
    if name == FALLBACK_INTENT:
        return "out_of_scope"
    return name


def _f1(tp: int, fp: int, fn: int) -> float:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(rows: list[tuple[str, str, bool, bool]]) -> dict[str, Any]:
    """Metrics from (expected, predicted, danger expected, danger detected) rows."""
    total = len(rows)
    labels = sorted({e for e, _, _, _ in rows} | {p for _, p, _, _ in rows})
    f1s = []
    for label in labels:
        tp = sum(1 for e, p, _, _ in rows if e == label and p == label)
        fp = sum(1 for e, p, _, _ in rows if e != label and p == label)
        fn = sum(1 for e, p, _, _ in rows if e == label and p != label)
        if tp + fn:
            f1s.append(_f1(tp, fp, fn))
    topic_rows = [(e, p) for e, p, _, _ in rows if e in TOPICS]
    danger_true = [d for _, _, exp, d in rows if exp]
    danger_false = [d for _, _, exp, d in rows if not exp]
    oos_pred = [e for e, p, _, _ in rows if p == "out_of_scope"]
    oos_true = [p for e, p, _, _ in rows if e == "out_of_scope"]
    confusions = Counter((e, p) for e, p, _, _ in rows if e != p)
    return {
        "examples": total,
        "intent_accuracy": round(sum(e == p for e, p, _, _ in rows) / total, 4) if total else 0,
        "topic_accuracy": round(sum(e == p for e, p in topic_rows) / len(topic_rows), 4)
        if topic_rows
        else 0,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0,
        "danger_recall": round(sum(danger_true) / len(danger_true), 4) if danger_true else 1.0,
        "danger_false_alarm_rate": round(sum(danger_false) / len(danger_false), 4)
        if danger_false
        else 0.0,
        "danger_missed": sum(1 for d in danger_true if not d),
        "out_of_scope_precision": round(
            sum(e == "out_of_scope" for e in oos_pred) / len(oos_pred), 4
        )
        if oos_pred
        else 0.0,
        "out_of_scope_recall": round(sum(p == "out_of_scope" for p in oos_true) / len(oos_true), 4)
        if oos_true
        else 0.0,
        "confused": [[e, p, n] for (e, p), n in confusions.most_common(10)],
    }


async def evaluate_file(settings: Settings, path: Path, *, backend: str) -> dict[str, Any]:
    """Parse every example with a backend and score the results."""
    from bot.knowledge.loader import load_valid_knowledge_base
    from bot.understanding.registry import build_understanding

    kb = load_valid_knowledge_base(settings.kb_dir)
    nlu = build_understanding(settings.model_copy(update={"nlu_backend": backend}), kb)
    topic_of = {article_id: kb.topic_of(article_id) or "" for article_id in kb.ids()}
    examples = load_test_file(path)
    rows = []
    misses = []
    languages = 0
    started = time.perf_counter()
    for example in examples:
        parse = await nlu.parse(str(example["text"]))
        predicted = predicted_label(parse, topic_of)
        # what the engine acts on: the pattern detector, then the learned danger model
        danger = danger_of(str(example["text"]), nlu) is not None
        expected = str(example["expect"])
        languages += identify(str(example["text"]), default="es") == example.get("lang", "es")
        rows.append((expected, predicted, bool(example.get("danger")), danger))
        if expected != predicted or bool(example.get("danger")) != danger:
            misses.append(
                {
                    "text": example["text"],
                    "expect": expected,
                    "got": predicted,
                    "danger": bool(example.get("danger")),
                    "detected": danger,
                }
            )
    elapsed = time.perf_counter() - started
    fallbacks = nlu.stats.get("fallback", 0)
    await nlu.aclose()
    report = score(rows)
    report["backend"] = backend
    report["rasa_fallbacks"] = fallbacks
    report["language_accuracy"] = round(languages / max(len(examples), 1), 4)
    report["ms_per_message"] = round(1000 * elapsed / max(len(examples), 1), 3)
    report["misses"] = misses
    return report


def format_report(report: dict[str, Any]) -> str:
    """The report as text."""
    lines = [
        f"backend {report['backend']}: {report['examples']} examples, "
        f"{report['ms_per_message']} ms/message",
        f"  topic accuracy        {report['topic_accuracy']:.1%}",
        f"  intent accuracy       {report['intent_accuracy']:.1%}",
        f"  macro-F1              {report['macro_f1']:.3f}",
        f"  danger recall         {report['danger_recall']:.1%} ({report['danger_missed']} missed)",
        f"  danger false alarms   {report['danger_false_alarm_rate']:.1%}",
        f"  out-of-scope P / R    {report['out_of_scope_precision']:.1%} / "
        f"{report['out_of_scope_recall']:.1%}",
        f"  language id accuracy  {report['language_accuracy']:.1%}",
        "  most confused (expected -> predicted, count):",
    ]
    lines += [f"    {e} -> {p}: {n}" for e, p, n in report["confused"]]
    if report.get("rasa_fallbacks"):
        lines.append(f"  WARNING: {report['rasa_fallbacks']} messages fell back to embedded")
    return "\n".join(lines)
