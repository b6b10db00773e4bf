"""Cross-validation of the embedded NLU on its training data (how its settings were chosen).

    .venv/bin/python benchmarks/nlu_cv.py [--folds 5] [--c 0.5 1 2]

For each SVM C: stratified k-fold over nlu/data + article questions, the fitted temperature,
topic-or-core-intent accuracy and article-level accuracy of the held-out folds, and how the
out-of-scope threshold trades answers for fallbacks. The held-out test file is not used here.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from bot.knowledge.loader import load_knowledge_base
from bot.understanding import embedded
from bot.understanding.normalize import normalize
from bot.understanding.training import collect_examples

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.0, 0.2, 0.3, 0.45)


def run(c: float, folds: int) -> str:
    """One Markdown row per threshold for one value of C."""
    from sklearn.model_selection import StratifiedKFold

    kb = load_knowledge_base(ROOT / "knowledge_base").kb
    examples = collect_examples(ROOT / "nlu", kb)
    labels = np.array([e.intent for e in examples])

    def label(intent: str) -> str:
        return (kb.topic_of(intent[3:]) or "?") if intent.startswith("kb.") else intent

    embedded.SVM_C = c
    rows, temperatures, started = [], [], time.process_time()
    splits = StratifiedKFold(folds, shuffle=True, random_state=1).split(labels, labels)
    for train_rows, test_rows in splits:
        model = embedded.train([examples[i] for i in train_rows], "cv")
        nlu = embedded.EmbeddedUnderstanding(model, threshold=0.0)
        temperatures.append(model.temperature)
        for i in test_rows:
            probabilities = model.probabilities(normalize(examples[i].text))
            best = int(np.argmax(probabilities))
            rows.append(
                (
                    label(examples[i].intent),
                    label(model.intents[best]),
                    nlu.support(probabilities, best),
                    examples[i].intent == model.intents[best],
                )
            )
    cpu = (time.process_time() - started) / folds
    article = np.mean([r[3] for r in rows])
    lines = []
    for threshold in THRESHOLDS:
        predicted = [p if s >= threshold else "out_of_scope" for _, p, s, _ in rows]
        accuracy = np.mean([e == p for (e, _, _, _), p in zip(rows, predicted, strict=True)])
        fallbacks = np.mean([p == "out_of_scope" for p in predicted])
        lines.append(
            f"| {c} | {np.mean(temperatures):.3f} | {threshold} | {accuracy:.1%} | "
            f"{article:.1%} | {fallbacks:.1%} | {cpu:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the cross-validation table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, nargs="+", default=[0.5, 1.0, 2.0])
    args = parser.parse_args()
    print(
        "| C | temperature | threshold | topic-or-core accuracy | article accuracy | "
        "fallbacks | CPU s per fold |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for c in args.c:
        print(run(c, args.folds))


if __name__ == "__main__":
    main()
