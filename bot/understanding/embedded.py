"""The embedded backend: TF-IDF words and character n-grams, a linear SVM, calibrated softmax.

Light enough to train in a few seconds and parse in a fraction of a millisecond, robust to the
typos and shorthand of SMS because character n-grams share most of their pieces with the
intended word. SVM margins are turned into probabilities with one temperature fitted on
out-of-fold scores of the training data, so a confidence of 0.6 means "right about 60% of the
time" and a threshold on it is meaningful.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.understanding import language
from bot.understanding.base import (
    FALLBACK_INTENT,
    NO_STATS,
    URGENT_INTENT,
    DangerReading,
    Intent,
    ParseResult,
    Understanding,
)
from bot.understanding.danger import detect
from bot.understanding.entities import extract_entities
from bot.understanding.features import Features
from bot.understanding.normalize import has_letters, normalize
from bot.understanding.training import Example

MODEL_VERSION = 4
# The learned danger model raises an alarm from this SVM margin up. Chosen by 5-fold
# cross-validation on the training data only (benchmarks/danger_cv.py, figures in
# benchmarks/RESULTS.md, run of 2026-12-01 on 670 danger and 226 `not_danger` messages):
# held-out recall (patterns or model) 87.3% at 0.3, 85.1% at 0.35, 91.2% at 0.2; false alarms on
# held-out ordinary questions 1.6% (1.3% at 0.35, 2.4% at 0.2) and on held-out `not_danger`
# messages told with urgency 4.4% (3.5% at 0.35, 9.3% at 0.2). A missed danger costs more than a
# false alarm, and 0.3 keeps a blind mix of ordinary and urgent messages near 2.4%. Never tuned
# on tests/data/nlu_test.yml or the blind danger sets, which measure it.
DANGER_MARGIN = 0.3
# The category classifier names a category from this one-vs-rest margin up; below it (and
# without a clear cue word, danger.category_hint) the reply is the general one that asks what
# is happening (`distress`). `distress` is a class of its own now, so the classifier's best guess
# is used whatever its margin: same cross-validation, cue words first, then the classifier, right
# for 82.3% of the held-out danger messages no pattern names (75.6% with a margin of 0.0, the rest
# getting `distress`); with the patterns, 86.0% of caught messages get the right category.
CATEGORY_MARGIN = -1.0
SVM_C = 1.0  # chosen by 5-fold cross-validation on the training data (benchmarks/RESULTS.md)
CALIBRATION_FOLDS = 3
_TEMPERATURES = np.geomspace(0.02, 2.0, 60)


@dataclass(slots=True)
class DangerModel:
    """A linear danger / not-danger classifier over its own features: it hears danger told in
    words the pattern detector has no rule for. Positives are `nlu/danger.yml` and the
    urgent_help examples; negatives its `not_danger` messages and every other training example
    the pattern detector finds no danger in (many safety questions describe danger: "me violaron
    q hago"). Beside it, a one-vs-rest classifier over the same features names the category of
    danger, trained on the categories of `nlu/danger.yml`."""

    features: Features
    weights: np.ndarray  # (features,), float32
    bias: float
    categories: tuple[str, ...] = ()
    category_weights: np.ndarray | None = None  # (features, categories), float32
    category_bias: np.ndarray | None = None

    def margin(self, normalised: str) -> float:
        """The SVM margin: positive leans to danger."""
        index, weights = self.features.vector(normalised)
        return float(weights @ self.weights[index] + self.bias) if len(index) else self.bias

    def category_scores(self, normalised: str) -> np.ndarray:
        """One-vs-rest margins of each category (empty without a category classifier)."""
        if self.category_weights is None or self.category_bias is None:
            return np.zeros(0, dtype=np.float32)
        index, weights = self.features.vector(normalised)
        if not len(index):
            return self.category_bias.copy()
        scores: np.ndarray = weights @ self.category_weights[index] + self.category_bias
        return scores

    def category(self, normalised: str) -> str | None:
        """The category the message most resembles, when its one-vs-rest margin reaches
        CATEGORY_MARGIN; None when no category is clear (the general, asking reply)."""
        scores = self.category_scores(normalised)
        if not len(scores):
            return None
        best = int(np.argmax(scores))
        return self.categories[best] if scores[best] >= CATEGORY_MARGIN else None


@dataclass(slots=True)
class EmbeddedModel:
    """A trained model plus what it was trained from."""

    features: Features
    weights: np.ndarray  # (features, intents), float32: one row gathered per present feature
    bias: np.ndarray
    temperature: float
    intents: list[str]
    groups: list[str | None]  # the topic of each intent (knowledge-base intents), else None
    fingerprint: str
    trained_seconds: float
    examples: int
    version: int = MODEL_VERSION
    meta: dict[str, Any] = field(default_factory=dict)
    danger: DangerModel | None = None

    def save(self, path: Path) -> None:
        """Write the model atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @staticmethod
    def load(path: Path) -> EmbeddedModel | None:
        """Read a model written by `save`, or None if absent, unreadable or from another version."""
        if not path.exists():
            return None
        try:
            with path.open("rb") as handle:
                model = pickle.load(handle)  # noqa: S301 - our own file in var/
        except (pickle.UnpicklingError, AttributeError, EOFError, ImportError, TypeError):
            return None  # written by an older version of this module: retrain
        if not isinstance(model, EmbeddedModel) or model.version != MODEL_VERSION:
            return None
        return model

    def scores(self, normalised: str) -> np.ndarray:
        """Raw SVM margins of one normalised message, one per intent."""
        index, weights = self.features.vector(normalised)
        if not len(index):
            return self.bias.copy()
        scores: np.ndarray = weights @ self.weights[index] + self.bias
        return scores

    def probabilities(self, normalised: str) -> np.ndarray:
        """Calibrated probabilities of one normalised message, one per intent."""
        return softmax(self.scores(normalised) / self.temperature)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, numerically stable."""
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    result: np.ndarray = shifted / shifted.sum(axis=-1, keepdims=True)
    return result


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that minimises the log-loss of softmax(scores / T) (grid search)."""
    rows = np.arange(len(labels))
    best, best_loss = 1.0, float("inf")
    for temperature in _TEMPERATURES:
        probabilities = softmax(scores / temperature)
        loss = -np.log(np.clip(probabilities[rows, labels], 1e-12, None)).mean()
        if loss < best_loss:
            best, best_loss = float(temperature), float(loss)
    return best


def _out_of_fold_scores(matrix: Any, labels: np.ndarray, classes: int) -> np.ndarray:
    """Decision scores of each example from a model that did not see it."""
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    scores = np.zeros((len(labels), classes), dtype=np.float32)
    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=0)
    # A class with fewer examples than folds cannot be stratified: fold on what we can.
    counts = np.bincount(labels, minlength=classes)
    strata = np.where(counts[labels] >= CALIBRATION_FOLDS, labels, -1)
    for train_rows, test_rows in folds.split(np.zeros(len(labels)), strata):
        svm = LinearSVC(C=SVM_C).fit(matrix[train_rows], labels[train_rows])
        fold_scores = np.full((len(test_rows), classes), -10.0, dtype=np.float32)
        fold_scores[:, svm.classes_] = svm.decision_function(matrix[test_rows])
        scores[test_rows] = fold_scores
    return scores


def train_danger(
    examples: list[Example], danger: list[tuple[str, str]], safe: list[str] | None = None
) -> DangerModel | None:
    """Fit the danger model and its category classifier (see DangerModel); None without
    danger examples."""
    from sklearn.svm import LinearSVC

    if not danger:
        return None
    positives = [
        *(text for text, _ in danger),
        *(e.text for e in examples if e.intent == URGENT_INTENT),
    ]
    negatives = [
        *(safe or []),
        *(e.text for e in examples if e.intent != URGENT_INTENT and detect(e.text) is None),
    ]
    texts = [normalize(text) for text in [*positives, *negatives]]
    labels = np.array([1] * len(positives) + [0] * len(negatives))
    features, matrix = Features.fit(texts)
    svm = LinearSVC(C=SVM_C, class_weight="balanced", random_state=0).fit(matrix, labels)
    weights = np.ascontiguousarray(svm.coef_[0], dtype=np.float32)
    model = DangerModel(features, weights, float(svm.intercept_[0]))
    categories = sorted({category for _, category in danger})
    if len(categories) >= 2:
        position = {name: i for i, name in enumerate(categories)}
        rows = matrix[: len(danger)]
        kinds = np.array([position[category] for _, category in danger])
        by_kind = LinearSVC(C=SVM_C, class_weight="balanced", random_state=0).fit(rows, kinds)
        coef = by_kind.coef_ if len(categories) > 2 else np.vstack([-by_kind.coef_, by_kind.coef_])
        bias = (
            by_kind.intercept_
            if len(categories) > 2
            else np.array([-by_kind.intercept_[0], by_kind.intercept_[0]])
        )
        model.categories = tuple(categories)
        model.category_weights = np.ascontiguousarray(coef.T, dtype=np.float32)
        model.category_bias = bias.astype(np.float32)
    return model


def train(
    examples: list[Example],
    fingerprint: str,
    *,
    calibrate: bool = True,
    danger: list[tuple[str, str]] | None = None,
    safe: list[str] | None = None,
) -> EmbeddedModel:
    """Fit features, the classifier and its temperature on the examples (and the danger model
    when danger examples are given)."""
    from sklearn.svm import LinearSVC  # only training needs scikit-learn

    started = time.perf_counter()
    texts = [normalize(e.text) for e in examples]
    intents = sorted({e.intent for e in examples})
    position = {name: i for i, name in enumerate(intents)}
    labels = np.array([position[e.intent] for e in examples])
    groups = {e.intent: e.group for e in examples}
    features, matrix = Features.fit(texts)
    svm = LinearSVC(C=SVM_C).fit(matrix, labels)
    temperature = 0.2
    if calibrate:
        temperature = fit_temperature(_out_of_fold_scores(matrix, labels, len(intents)), labels)
    return EmbeddedModel(
        features=features,
        weights=np.ascontiguousarray(svm.coef_.T, dtype=np.float32),
        bias=svm.intercept_.astype(np.float32),
        temperature=temperature,
        intents=intents,
        groups=[groups[name] for name in intents],
        fingerprint=fingerprint,
        trained_seconds=time.perf_counter() - started,
        examples=len(examples),
        danger=train_danger(examples, danger or [], safe),
    )


class EmbeddedUnderstanding:
    """In-process NLU with a confidence threshold for fallback."""

    name = "embedded"

    def __init__(self, model: EmbeddedModel, *, threshold: float = 0.3, ranking: int = 10):
        self.model = model
        self.threshold = threshold
        self.ranking = ranking
        members: dict[str, list[int]] = {}
        for i, group in enumerate(model.groups):
            if group is not None:
                members.setdefault(group, []).append(i)
        self._members = {group: np.array(rows) for group, rows in members.items()}

    def parse_sync(self, text: str) -> ParseResult:
        """Understand one message without awaiting (the work is CPU-only and sub-millisecond)."""
        norm = normalize(text)
        lang = language.identify(text)
        entities = extract_entities(text)
        if not norm or not has_letters(norm):
            fallback = Intent(FALLBACK_INTENT, 0.0)
            return ParseResult(text, fallback, [fallback], entities, lang, self.name)
        probabilities = self.model.probabilities(norm)
        order = np.argsort(probabilities)[::-1]
        ranking = [
            Intent(self.model.intents[i], round(float(probabilities[i]), 4))
            for i in order[: self.ranking]
        ]
        top = ranking[0]
        if self.support(probabilities, int(order[0])) < self.threshold:
            top = Intent(FALLBACK_INTENT, top.confidence)
        return ParseResult(text, top, ranking, entities, lang, self.name)

    def support(self, probabilities: np.ndarray, best: int) -> float:
        """How sure we are that the message is in scope near the best intent.

        Articles of one topic split the probability of a question between them ("visa" has
        eight candidates): when unsure which article, we are still sure of the topic, and the
        answer flow asks "did you mean" instead of falling back.
        """
        group = self.model.groups[best]
        if group is None:
            return float(probabilities[best])
        return float(probabilities[self._members[group]].sum())

    async def parse(self, text: str) -> ParseResult:
        """Understand one message."""
        return self.parse_sync(text)

    @property
    def fallback(self) -> Understanding | None:
        """None: the embedded backend is the last resort."""
        return None

    @property
    def stats(self) -> Mapping[str, int]:
        """None kept (the Rasa backend counts its fallbacks to this one)."""
        return NO_STATS

    def danger(self, text: str) -> DangerReading | None:
        """The learned danger model's reading: its margin, whether it hears danger (the same
        bar as `sounds_dangerous`) and then its category."""
        margin = self.danger_margin(text)
        if margin is None:
            return None
        heard = margin >= DANGER_MARGIN
        return DangerReading(margin, heard, self.danger_category(text) if heard else None)

    async def aclose(self) -> None:
        """Nothing to release (the model lives in memory)."""

    def sounds_dangerous(self, text: str) -> bool:
        """The learned danger model hears danger in this message."""
        danger = self.model.danger
        norm = normalize(text)
        return danger is not None and bool(norm) and danger.margin(norm) >= DANGER_MARGIN

    def danger_margin(self, text: str) -> float | None:
        """The learned danger model's margin on a message, None without the model."""
        danger = self.model.danger
        norm = normalize(text)
        return danger.margin(norm) if danger is not None and norm else None

    def danger_category(self, text: str) -> str | None:
        """The category of danger the learned model reads in this message, if one is clear."""
        danger = self.model.danger
        norm = normalize(text)
        return danger.category(norm) if danger is not None and norm else None
