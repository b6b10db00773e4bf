"""Cross-validation of the embedded NLU on its training data (how its settings were chosen).

    .venv/bin/python benchmarks/nlu_cv.py [--folds 5] [--c 1] [--lexical 0 1 2 3]

For each SVM C and lexical weight (embedded.LEXICAL_WEIGHT): stratified k-fold over nlu/data +
article questions, each fold's lexical index built from the article texts and that fold's
training questions only. Reported on the held-out folds: the fitted temperature; topic-or-core
accuracy, its macro-F1 and the fallbacks at each out-of-scope threshold; article accuracy; the
accuracy on the quarter of held-out messages least like any training message ("novel": lowest
cosine to their nearest training example); the calibration error of the top confidence (ECE,
10 bins); and how often the top two are close (gap < 0.15) or the top weak (< 0.4), the
readings a caller may ask about. The held-out test file and the blind sets are not used here.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.knowledge.loader import load_knowledge_base
from bot.understanding import embedded
from bot.understanding.normalize import normalize
from bot.understanding.training import Example, article_documents, collect_examples

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.0, 0.2, 0.3, 0.45)
CLOSE_GAP = 0.15
WEAK_TOP = 0.4


@dataclass(frozen=True, slots=True)
class Row:
    """One held-out message as the fold's model read it."""

    expected: str  # topic or core intent
    predicted: str
    support: float
    article_right: bool
    top: float
    gap: float
    novelty: float  # cosine to the nearest training message (lower: less like the training)


def expected_calibration_error(confidence: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """The weighted gap between confidence and accuracy over equal-width confidence bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - right[inside].mean())
    return float(error)


def fold_rows(
    examples: list[Example],
    train_rows: np.ndarray,
    test_rows: np.ndarray,
    documents: dict[str, str],
    label: dict[str, str],
) -> tuple[list[Row], float]:
    """Train on one fold and read its held-out messages; also return the temperature."""
    model = embedded.train([examples[i] for i in train_rows], "cv", documents=documents)
    nlu = embedded.EmbeddedUnderstanding(model, threshold=0.0)
    seen = model.features.matrix([normalize(examples[i].text) for i in train_rows])
    rows = []
    for i in test_rows:
        text = normalize(examples[i].text)
        probabilities = model.probabilities(text)
        order = np.argsort(probabilities)[::-1]
        best = int(order[0])
        index, weights = model.features.vector(text)
        nearest = float((seen[:, index] @ weights).max()) if len(index) else 0.0
        rows.append(
            Row(
                label[examples[i].intent],
                label[model.intents[best]],
                nlu.support(probabilities, best),
                examples[i].intent == model.intents[best],
                float(probabilities[best]),
                float(probabilities[best] - probabilities[order[1]]),
                nearest,
            )
        )
    return rows, model.temperature


def run(c: float, weight: float, folds: int) -> str:
    """One Markdown row per threshold for one value of C and of the lexical weight."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    kb = load_knowledge_base(ROOT / "knowledge_base").kb
    examples = collect_examples(ROOT / "nlu", kb)
    documents = article_documents(kb)
    labels = np.array([e.intent for e in examples])
    label = {
        intent: (kb.topic_of(intent[3:]) or "?") if intent.startswith("kb.") else intent
        for intent in set(labels)
    }
    embedded.SVM_C, embedded.LEXICAL_WEIGHT = c, weight
    rows: list[Row] = []
    temperatures, started = [], time.process_time()
    splits = StratifiedKFold(folds, shuffle=True, random_state=1).split(labels, labels)
    for train_rows, test_rows in splits:
        found, temperature = fold_rows(examples, train_rows, test_rows, documents, label)
        rows += found
        temperatures.append(temperature)
    cpu = (time.process_time() - started) / folds
    article = np.mean([r.article_right for r in rows])
    novel_cut = np.quantile([r.novelty for r in rows], 0.25)
    novel = np.mean([r.expected == r.predicted for r in rows if r.novelty <= novel_cut])
    top = np.array([r.top for r in rows])
    ece = expected_calibration_error(top, np.array([r.article_right for r in rows]))
    close = np.mean([r.gap < CLOSE_GAP or r.top < WEAK_TOP for r in rows])
    lines = []
    for threshold in THRESHOLDS:
        predicted = [r.predicted if r.support >= threshold else "out_of_scope" for r in rows]
        accuracy = np.mean([r.expected == p for r, p in zip(rows, predicted, strict=True)])
        macro = f1_score([r.expected for r in rows], predicted, average="macro")
        fallbacks = np.mean([p == "out_of_scope" for p in predicted])
        lines.append(
            f"| {c} | {weight} | {np.mean(temperatures):.3f} | {threshold} | {accuracy:.1%} | "
            f"{macro:.3f} | "
            f"{article:.1%} | {novel:.1%} | {ece:.3f} | {close:.1%} | {fallbacks:.1%} | "
            f"{cpu:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the cross-validation table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, nargs="+", default=[1.0])
    parser.add_argument("--lexical", type=float, nargs="+", default=[0.0, 0.5, 1.0, 3.0])
    args = parser.parse_args()
    print(
        "| C | lexical weight | temperature | threshold | topic-or-core accuracy | macro-F1 | "
        "article accuracy | topic accuracy, novel quarter | ECE | close or weak | fallbacks | "
        "CPU s per fold |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in args.c:
        for weight in args.lexical:
            print(run(c, weight, args.folds), flush=True)


if __name__ == "__main__":
    main()
