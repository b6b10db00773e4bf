"""Cross-validation on training data only: how the danger margins and the urgent_help bar were
chosen (bot/understanding/embedded.py DANGER_MARGIN and CATEGORY_MARGIN, bot/dialogue/policy.py
URGENT_CONFIDENCE).

    .venv/bin/python benchmarks/danger_cv.py [--folds 5]

Stratified k-fold over nlu/danger.yml (danger by category, and `not_danger`) and the intent
examples (nlu/data + article questions). Each fold trains the danger model, its category
classifier and the intent classifier on the other folds and scores the held-out messages:
- danger recall (pattern detector or learned model) and false alarms on held-out ordinary and
  `not_danger` messages, per margin;
- category accuracy of the held-out danger messages the patterns miss, per category margin
  (below the margin the reply is the general `distress` one, which asks what is happening);
- urgent_help confidence of held-out urgent_help examples against the held-out ordinary and
  `not_danger` ones, per bar.
Neither tests/data/nlu_test.yml nor tests/data/danger_blind.yml is read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.loader import load_knowledge_base  # noqa: E402
from bot.understanding import embedded  # noqa: E402
from bot.understanding.base import URGENT_INTENT  # noqa: E402
from bot.understanding.danger import GENERAL, category_hint, detect  # noqa: E402
from bot.understanding.normalize import normalize  # noqa: E402
from bot.understanding.training import (  # noqa: E402
    Example,
    collect_examples,
    danger_examples,
    safe_examples,
)

MARGINS = (0.0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6)
CATEGORY_MARGINS = (-1.0, -0.5, -0.3, -0.2, -0.1, 0.0, 0.2)
BARS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def folds_of(count: int, labels: list[str], folds: int) -> np.ndarray:
    """A fold number per item, stratified by label."""
    from sklearn.model_selection import StratifiedKFold

    assignment = np.zeros(count, dtype=int)
    counts = Counter(labels)
    strata = [label if counts[label] >= folds else "_rare" for label in labels]
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    for fold, (_, test) in enumerate(splitter.split(np.zeros(count), strata)):
        assignment[test] = fold
    return assignment


def main() -> None:
    """Print the three tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    kb = load_knowledge_base(ROOT / "knowledge_base").kb
    examples = collect_examples(ROOT / "nlu", kb)
    danger = danger_examples(ROOT / "nlu")
    safe = safe_examples(ROOT / "nlu")
    f_ex = folds_of(len(examples), [e.intent for e in examples], args.folds)
    f_danger = folds_of(len(danger), [c for _, c in danger], args.folds)
    f_safe = folds_of(len(safe), ["safe"] * len(safe), args.folds)

    margins_danger: list[tuple[float, bool]] = []  # (margin, caught by patterns)
    margins_ordinary: list[float] = []
    margins_safe: list[float] = []
    categories: list[tuple[str, str, float, str | None]] = []  # true, predicted, margin, cue
    outcome: list[tuple[str, bool, str]] = []  # true category, caught, category acting
    urgent_pos: list[tuple[float, float]] = []
    urgent_ordinary: list[tuple[float, float]] = []
    urgent_safe: list[tuple[float, float]] = []
    for fold in range(args.folds):
        train_ex = [e for e, f in zip(examples, f_ex, strict=True) if f != fold]
        held_ex = [e for e, f in zip(examples, f_ex, strict=True) if f == fold]
        train_danger = [d for d, f in zip(danger, f_danger, strict=True) if f != fold]
        held_danger = [d for d, f in zip(danger, f_danger, strict=True) if f == fold]
        train_safe = [s for s, f in zip(safe, f_safe, strict=True) if f != fold]
        held_safe = [s for s, f in zip(safe, f_safe, strict=True) if f == fold]
        model = embedded.train(train_ex, "cv", danger=train_danger, safe=train_safe)
        assert model.danger is not None
        nlu = embedded.EmbeddedUnderstanding(model)
        for text, category in held_danger:
            norm = normalize(text)
            margins_danger.append((model.danger.margin(norm), detect(text) is not None))
            signal = detect(text)
            if signal is not None:
                outcome.append((category, True, signal.category))
            else:
                caught = model.danger.margin(norm) >= embedded.DANGER_MARGIN
                named = category_hint(text) or model.danger.category(norm) or GENERAL
                outcome.append((category, caught, named))
            if detect(text) is None:
                scores = model.danger.category_scores(norm)
                best = int(np.argmax(scores))
                predicted = model.danger.categories[best]
                categories.append((category, predicted, float(scores[best]), category_hint(text)))
        ordinary = [e for e in held_ex if e.intent != URGENT_INTENT and detect(e.text) is None]
        margins_ordinary += [model.danger.margin(normalize(e.text)) for e in ordinary]
        margins_safe += [model.danger.margin(normalize(s)) for s in held_safe]

        urgent_pos += [urgent(nlu, e.text) for e in held_ex if e.intent == URGENT_INTENT]
        urgent_ordinary += [urgent(nlu, e.text) for e in ordinary]
        urgent_safe += [urgent(nlu, s) for s in held_safe if detect(s) is None]
    report(margins_danger, margins_ordinary, margins_safe, categories)
    report_settings(outcome)
    report_urgent(urgent_pos, urgent_ordinary, urgent_safe)


def urgent(nlu: embedded.EmbeddedUnderstanding, text: str) -> tuple[float, float]:
    """The urgent_help confidence of a message, and the danger model's margin on it."""
    ranking = nlu.parse_sync(text).intent_ranking
    confidence = next((i.confidence for i in ranking if i.name == URGENT_INTENT), 0.0)
    assert nlu.model.danger is not None
    return confidence, nlu.model.danger.margin(normalize(text))


def report(
    danger: list[tuple[float, bool]],
    ordinary: list[float],
    safe: list[float],
    categories: list[tuple[str, str, float, str | None]],
) -> None:
    """Danger margin and category margin tables."""
    print(
        "| danger margin | recall (patterns or model) | model only, on pattern misses "
        "| false alarms, ordinary | false alarms, not_danger |"
    )
    print("|---:|---:|---:|---:|---:|")
    misses = [m for m, by_pattern in danger if not by_pattern]
    for margin in MARGINS:
        recall = sum(by_pattern or m >= margin for m, by_pattern in danger) / len(danger)
        model = sum(m >= margin for m in misses) / max(len(misses), 1)
        fa_o = sum(m >= margin for m in ordinary) / len(ordinary)
        fa_s = sum(m >= margin for m in safe) / max(len(safe), 1)
        print(
            f"| {margin:.2f} | {recall:.1%} | {model:.1%} | {fa_o:.1%} ({len(ordinary)}) "
            f"| {fa_s:.1%} ({len(safe)}) |"
        )
    print()
    print("Category of held-out danger messages no pattern names (the learned model's job):")
    print(
        "| category margin | classifier: named | right when named "
        "| cue words, else classifier: named | right when named |"
    )
    print("|---:|---:|---:|---:|---:|")
    n = len(categories)
    for margin in CATEGORY_MARGINS:
        named = [(t, p) for t, p, m, _ in categories if m >= margin]
        right = sum(t == p for t, p in named)
        both = [(t, cue or p) for t, p, m, cue in categories if cue or m >= margin]
        both_right = sum(t == p for t, p in both)
        print(
            f"| {margin:.2f} | {len(named) / n:.1%} | {right / max(len(named), 1):.1%} "
            f"| {len(both) / n:.1%} | {both_right / max(len(both), 1):.1%} |"
        )
    print()
    print(
        "Classifier first, from the category margin; else cue words; else `distress` (the "
        "general reply, right when the message is distress):"
    )
    print(
        "| category margin | right, all pattern misses | classifier named | cue words named "
        "| cue words first, then classifier: right |"
    )
    print("|---:|---:|---:|---:|---:|")
    for margin in CATEGORY_MARGINS:
        picks = [
            (t, p if m >= margin else (cue or GENERAL), m >= margin, m < margin and bool(cue))
            for t, p, m, cue in categories
        ]
        right = sum(t == p for t, p, _, _ in picks) / n
        by_clf = sum(c for _, _, c, _ in picks) / n
        by_cue = sum(c for _, _, _, c in picks) / n
        cue_first = (
            sum(t == (cue or (p if m >= margin else GENERAL)) for t, p, m, cue in categories) / n
        )
        print(f"| {margin:.2f} | {right:.1%} | {by_clf:.1%} | {by_cue:.1%} | {cue_first:.1%} |")
    per: dict[str, list[bool]] = {}
    for t, p, _, _ in categories:
        per.setdefault(t, []).append(t == p)
    print()
    print(
        "argmax accuracy per category (pattern misses): "
        + ", ".join(f"{c} {sum(v) / len(v):.0%} ({len(v)})" for c, v in sorted(per.items()))
    )
    print()


def report_settings(outcome: list[tuple[str, bool, str]]) -> None:
    """Recall and right category per category, with the settings in the code."""
    print(
        f"With the settings in the code (DANGER_MARGIN {embedded.DANGER_MARGIN}, "
        f"CATEGORY_MARGIN {embedded.CATEGORY_MARGIN}), patterns or model:"
    )
    print("| category | recall | right category, of caught |")
    print("|---|---:|---:|")
    names = sorted({t for t, _, _ in outcome})
    for name in [*names, "all"]:
        rows = [o for o in outcome if name in ("all", o[0])]
        caught = [o for o in rows if o[1]]
        right = sum(t == p for t, _, p in caught)
        print(
            f"| {name} | {len(caught) / len(rows):.1%} ({len(rows)}) "
            f"| {right / max(len(caught), 1):.1%} |"
        )
    print()


def report_urgent(
    positives: list[tuple[float, float]],
    ordinary: list[tuple[float, float]],
    safe: list[tuple[float, float]],
) -> None:
    """urgent_help bar table, alone and with the danger model not leaning to safe (margin >= 0)."""
    print(
        "| urgent_help bar | recall of pleas | false alarms, ordinary | false alarms, not_danger "
        "| with danger margin >= 0: recall | ordinary | not_danger |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")

    def rate(items: list[tuple[float, float]], bar: float, gate: bool) -> float:
        hits = sum(c >= bar and (not gate or m >= 0) for c, m in items)
        return hits / max(len(items), 1)

    for bar in BARS:
        print(
            f"| {bar:.2f} | {rate(positives, bar, False):.1%} ({len(positives)}) "
            f"| {rate(ordinary, bar, False):.2%} | {rate(safe, bar, False):.1%} "
            f"| {rate(positives, bar, True):.1%} | {rate(ordinary, bar, True):.2%} "
            f"| {rate(safe, bar, True):.1%} |"
        )


if __name__ == "__main__":
    _ = Example  # re-exported type, keeps the import list honest for readers
    main()
