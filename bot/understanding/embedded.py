"""The embedded backend: TF-IDF words and character n-grams, a linear SVM, a lexical search over
the articles, calibrated softmax.

Light enough to train in a few seconds and parse in a fraction of a millisecond, robust to the
typos and shorthand of SMS because character n-grams share most of their pieces with the
intended word. Each intent's SVM margin gets its lexical score (BM25 over its examples and, for
an article, its text: `lexical.py`) times LEXICAL_WEIGHT, so a question the questions do not
cover still finds the article that talks about it. The sums are turned into probabilities with
one temperature fitted on out-of-fold scores of the training data (TEMPERATURE; the lexical
index of each fold built without that fold's questions), so a confidence of 0.6 means "right
about 60% of the time" and a threshold on it, or on the gap between the first two, is meaningful.
"""

from __future__ import annotations

import mmap
import pickle
import struct
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
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
from bot.understanding.danger import cue_scores, detect_normalised
from bot.understanding.entities import extract_entities
from bot.understanding.features import AnalysisCache, Features
from bot.understanding.lexical import LexicalIndex, terms_of
from bot.understanding.normalize import has_letters, normalize
from bot.understanding.training import Example

MODEL_VERSION = 8  # 8: character 3- and 4-grams (a model of 2- to 4-grams is retrained)
# The learned danger model raises an alarm from this SVM margin up (never on a message
# danger.quiet finds told as general, long over, or about a procedure or an everyday need with
# no word of harm). Chosen by grouped 5-fold cross-validation on the training data only
# (benchmarks/danger_cv.py): the highest recall whose false alarms on held-out `not_danger`
# stay under 3%. Round 8 of 2026-12-02 (2400 danger and 2006 `not_danger` messages, SAFE_WEIGHT
# 3, 6781 intent examples), whole engine: recall 97.5% at 0.1 (97.1% at 0.15, 98.2% at 0),
# false alarms on held-out `not_danger` 2.6% (2.3%, 3.6%) and on ordinary questions 1.5% (1.3%,
# 2.1%). (Round 7 had 0.15: 0.1 alarmed on 3.7% of `not_danger` then. Round 6 kept 0.2 because
# 0.15 alarmed on a plea in a language we do not speak, "preciso de ajuda por favor"; since
# then such text needs FOREIGN_MARGIN, danger.py.)
# The patterns' share of that recall is not held out (they were written while reading these
# folds' misses). Never tuned on tests/data/nlu_test.yml or the blind danger sets, which measure
# it.
DANGER_MARGIN = 0.10
# The category classifier names a category from this one-vs-rest margin up; below it (and
# without a clear cue word, danger.category_hint) the reply is the general one that asks what
# is happening (`distress`). Same cross-validation (2026-12-02): with the patterns and cue words
# first, 90.0% of caught danger messages get the right category at -1.0 (the classifier's best
# guess whatever its margin), 88.5% at 0.0, 87.5% at 0.2.
CATEGORY_MARGIN = -1.0
# The category classifier's margins and the cue words (danger.cue_scores) are added, the cue
# weights times CUE_WEIGHT, and the highest names the category. Same cross-validation
# (2026-12-02, round 4): of the held-out caught messages no pattern names, 85.5% right at 0.5,
# 82.0% with the classifier alone, 79.4% with the cue words first, then the classifier.
CUE_WEIGHT = 0.5
# The danger model's SVM regularisation, and the weight of each `not_danger` message (urgency
# or hardship that is not danger) among its negatives, against 1 for every other example.
# Chosen by the same cross-validation (benchmarks/danger_cv.py --danger-c, --safe-weight): at
# the recall of 98.2%, false alarms on `not_danger` 2.1% with a weight of 3, 2.4% with 2, 3.9%
# with 1 (margin 0.2); C 0.5 and 2 are worse than 1 (4.5% and 3.1% at 0.2, weight 1).
DANGER_C = 1.0
SAFE_WEIGHT = 3.0
# The category classifier's regularisation, its own so that trying another SVM_C (the intent
# SVM's) does not move the category figures above, which were measured at 1.0.
CATEGORY_C = 1.0
# How much an intent's lexical score (0..1) adds to its SVM margin. Chosen by 5-fold
# cross-validation on the training data only (benchmarks/nlu_cv.py, runs of 2026-12-01): at
# the 0.3 threshold, topic-or-core accuracy 73.8% without the lexical search, 74.6% at 0.5 and
# at 1, 73.7% at 3; macro-F1 0.723, 0.724, 0.713, 0.691; article accuracy 64.3%, 65.1%, 65.1%,
# 65.8%; the quarter least like any training message 61.3%, 63.6%, 63.5%, 64.8%. A heavier
# weight pulls core intents and out-of-scope messages toward the long article texts.
LEXICAL_WEIGHT = 0.5
SVM_C = 1.0  # chosen by 5-fold cross-validation on the training data (benchmarks/RESULTS.md)
# The temperature that turns the scores into calibrated probabilities, chosen like the other
# settings on the training data: `train(..., calibrate=True)` fits it on out-of-fold scores of
# one held-out third of the examples (an SVM fit on the other two thirds). Fitting it at every
# training cost a third of `rumbo train` (issue 19); it moves little with the data (0.178,
# 0.165, 0.178 for the three thirds on 2026-12-02, 0.165 after round 7), and a test
# (tests/understanding/test_embedded.py) fails when the training data no longer fits it to
# within one step of the grid, printing the value to put here.
TEMPERATURE = 0.16454482683400942  # a point of _TEMPERATURES
CALIBRATION_FOLDS = 3
# The intent SVM's one-vs-rest problems are independent: they fit in this many groups of
# classes side by side (liblinear releases the GIL), each group's other classes as one label.
# One group on 2 cores: the danger model's Python work takes the other core, and two groups
# made three busy threads on two cores (`rumbo train` 6.09 -> 5.81 s, medians of 3 alternating
# runs, 2026-12-03; within the noise of this machine, and no slower).
SVM_GROUPS = 1
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

    def category(self, normalised: str, cues: Mapping[str, float] | None = None) -> str | None:
        """The category the message most resembles, when its one-vs-rest margin (plus CUE_WEIGHT
        times the weight of its cue words, `cues`: danger.cue_scores) reaches CATEGORY_MARGIN;
        None when no category is clear (the general, asking reply)."""
        scores = self.category_scores(normalised)
        if not len(scores):
            return None
        if cues:
            scores = scores + CUE_WEIGHT * np.array(
                [cues.get(name, 0.0) for name in self.categories], dtype=np.float32
            )
        best = int(np.argmax(scores))
        return self.categories[best] if scores[best] >= CATEGORY_MARGIN else None


@dataclass(slots=True)
class EmbeddedModel:
    """A trained model plus what it was trained from."""

    features: Features
    weights: np.ndarray  # (features, intents), float16: one row gathered per present feature
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
    lexical: LexicalIndex | None = None
    lexical_columns: np.ndarray | None = None  # the intent column of each lexical document
    lexical_weight: float = 0.0

    def save(self, path: Path) -> None:
        """Write the model atomically, its arrays beside the pickle (`write_mapped`)."""
        write_mapped(self, path)

    @staticmethod
    def load(path: Path) -> EmbeddedModel | None:
        """Read a model written by `save` (or by a version that pickled it whole), or None if
        absent, unreadable or from another version. The arrays of a mapped file stay in the
        file, read-only, shared by every process that serves from it."""
        if not path.exists():
            return None
        try:
            model = read_mapped(path)
        except (
            pickle.UnpicklingError,
            AttributeError,
            EOFError,
            ImportError,
            TypeError,
            ValueError,
        ):
            return None  # written by an older version of this module: retrain
        if not isinstance(model, EmbeddedModel) or model.version != MODEL_VERSION:
            return None
        return model

    def margins(self, normalised: str, *, corrected: str | None = None) -> np.ndarray:
        """Raw SVM margins of one normalised message, one per intent (`corrected`: the same
        text through the speller, when the caller has it)."""
        if corrected is None:
            corrected = self.features.speller.correct_text(normalised)
        index, weights = self.features.vector_of_corrected(corrected)
        if not len(index):
            return self.bias.copy()
        scores: np.ndarray = weights @ self.weights[index].astype(np.float32) + self.bias
        return scores

    def lexical_scores(self, corrected: str) -> np.ndarray:
        """Each intent's lexical score (0..1) of a message through the speller."""
        found = np.zeros(len(self.intents), dtype=np.float32)
        if self.lexical is not None and self.lexical_columns is not None:
            found[self.lexical_columns] = self.lexical.scores(corrected)
        return found

    def scores(self, normalised: str) -> np.ndarray:
        """SVM margins plus weighted lexical scores, one per intent (before the temperature).
        Both read the message through the speller, once."""
        corrected = self.features.speller.correct_text(normalised)
        scores = self.margins(normalised, corrected=corrected)
        if self.lexical is not None and self.lexical_weight:
            scores += self.lexical_weight * self.lexical_scores(corrected)
        return scores

    def probabilities(self, normalised: str) -> np.ndarray:
        """Calibrated probabilities of one normalised message, one per intent."""
        return softmax(self.scores(normalised) / self.temperature)


# A mapped model file: MAGIC, the pickle's length and its buffers' count, each buffer's
# length, the pickle (protocol 5, its arrays out of band), then each array's bytes at a 64-byte
# boundary. Loading maps the file read-only and hands the pickle memoryviews of it: NumPy
# builds the arrays over them without copying, and the kernel reads in only the pages a parse
# touches (issue 19: one process never reads most of the 13 MB of weights, and the processes
# that serve from one file share what they read).
MAGIC = b"RUMBO-NLU-MAPPED\n"
_HEADER = struct.Struct("<QQ")
_ALIGN = 64


def _aligned(offset: int) -> int:
    return -(-offset // _ALIGN) * _ALIGN


def write_mapped(model: object, path: Path) -> None:
    """Write `model` as a mapped model file, atomically."""
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(model, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        handle.write(MAGIC + _HEADER.pack(len(data), len(raws)))
        handle.write(struct.pack(f"<{len(raws)}Q", *(raw.nbytes for raw in raws)))
        handle.write(data)
        for raw in raws:
            handle.write(b"\0" * (_aligned(handle.tell()) - handle.tell()))
            handle.write(raw)
    tmp.replace(path)


def is_mapped(path: Path) -> bool:
    """Whether `path` is a mapped model file (not a whole pickle of an older version)."""
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def read_mapped(path: Path) -> object:
    """The object of a mapped model file (its arrays read-only views of the file), or of a
    plain pickle written before models were mapped."""
    with path.open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            handle.seek(0)
            return pickle.load(handle)  # noqa: S301 - our own file in var/
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        mapped.madvise(mmap.MADV_RANDOM)
    view = memoryview(mapped)
    start = len(MAGIC) + _HEADER.size
    size, count = _HEADER.unpack_from(view, len(MAGIC))
    sizes = struct.unpack_from(f"<{count}Q", view, start)
    start += 8 * count
    data = view[start : start + size]
    offset = start + size
    buffers = []
    for nbytes in sizes:
        offset = _aligned(offset)
        buffers.append(view[offset : offset + nbytes])
        offset += nbytes
    return pickle.loads(data, buffers=buffers)  # noqa: S301 - our own file in var/


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


LexicalFold = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _fit_svm(matrix: Any, labels: np.ndarray) -> Any:
    """The intent classifier (scikit-learn's liblinear releases the GIL while it fits, so the
    fits of one training run side by side in threads). Seeded, but liblinear's random number
    generator is one for the process: two fits side by side draw from it in turn, so two
    trainings on the same data may differ within the solver's tolerance (weights by about
    5e-4; the same predictions on 1,391 development messages)."""
    from sklearn.svm import LinearSVC

    return LinearSVC(C=SVM_C, random_state=0).fit(matrix, labels)


def _fit_intents(
    matrix: Any, labels: np.ndarray, classes: int, pool: Executor
) -> list[Future[Any]]:
    """The intent SVM as SVM_GROUPS fits in `pool`, each of one group of classes against the
    rest (the other classes as one label, -1): one-vs-rest, each class's problem is the one a
    single fit would solve. `_weights` joins them."""
    groups = np.array_split(np.arange(classes), min(SVM_GROUPS, max(classes // 2, 1)))
    return [
        pool.submit(_fit_svm, matrix, np.where(np.isin(labels, group), labels, -1))
        for group in groups
    ]


def _weights(fits: list[Future[Any]], classes: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The (features x classes) weights and the biases of the intent SVM's group fits."""
    weights = np.zeros((size, classes), dtype=np.float32)
    bias = np.full(classes, -10.0, dtype=np.float32)  # a class with no examples: never chosen
    for fit in fits:
        svm = fit.result()
        labels = svm.classes_
        coef, intercept = svm.coef_, svm.intercept_
        if len(labels) == 2:  # a binary fit gives the second label's problem only
            coef, intercept = np.vstack([-coef, coef]), np.array([-intercept[0], intercept[0]])
        for row, label in enumerate(labels.tolist()):
            if label >= 0:
                weights[:, label] = coef[row]
                bias[label] = intercept[row]
    return weights, bias


FoldFits = list[tuple[np.ndarray, np.ndarray, "Future[Any]"]]


def _fold_fits(matrix: Any, labels: np.ndarray, classes: int, pool: Executor) -> FoldFits:
    """The calibration fold (train rows, held-out rows): the first of CALIBRATION_FOLDS
    stratified splits, its SVM fitting in `pool`."""
    from sklearn.model_selection import StratifiedKFold

    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=0)
    # A class with fewer examples than folds cannot be stratified: fold on what we can.
    counts = np.bincount(labels, minlength=classes)
    strata = np.where(counts[labels] >= CALIBRATION_FOLDS, labels, -1)
    train_rows, test_rows = next(folds.split(np.zeros(len(labels)), strata))
    return [(train_rows, test_rows, pool.submit(_fit_svm, matrix[train_rows], labels[train_rows]))]


def _out_of_fold_scores(
    matrix: Any, labels: np.ndarray, classes: int, fits: FoldFits, lexical: LexicalFold | None
) -> tuple[np.ndarray, np.ndarray]:
    """Decision scores of the held-out rows from a model that did not see them, and their
    labels: SVM margins, plus `lexical(train_rows, test_rows)`, the weighted lexical scores of
    the held-out rows from an index built without them (read while the SVMs are still fitting)."""
    scores, truth = [], []
    for train_rows, test_rows, fit in fits:
        held_out = lexical(train_rows, test_rows) if lexical is not None else None
        svm = fit.result()
        fold_scores = np.full((len(test_rows), classes), -10.0, dtype=np.float32)
        fold_scores[:, svm.classes_] = svm.decision_function(matrix[test_rows])
        if held_out is not None:
            fold_scores += held_out
        scores.append(fold_scores)
        truth.append(labels[test_rows])
    return np.concatenate(scores), np.concatenate(truth)


def train_danger(
    examples: list[Example],
    danger: list[tuple[str, str]],
    safe: list[str] | None = None,
    *,
    cache: AnalysisCache | None = None,
    normalised: list[str] | None = None,
) -> DangerModel | None:
    """Fit the danger model and its category classifier (see DangerModel); None without
    danger examples. `cache`: the features of texts the intent model already analysed;
    `normalised`: the examples' texts, normalised already, in their order."""
    from sklearn.svm import LinearSVC

    if not danger:
        return None
    norms = normalised if normalised is not None else [normalize(e.text) for e in examples]
    positives = [
        *(normalize(text) for text, _ in danger),
        *(norm for e, norm in zip(examples, norms, strict=True) if e.intent == URGENT_INTENT),
    ]
    negatives = [
        *(normalize(text) for text in safe or []),
        *(
            norm
            for e, norm in zip(examples, norms, strict=True)
            if e.intent != URGENT_INTENT and detect_normalised(norm) is None
        ),
    ]
    texts = [*positives, *negatives]
    labels = np.array([1] * len(positives) + [0] * len(negatives))
    hard = len(safe or [])
    weight = np.ones(len(labels))
    weight[len(positives) : len(positives) + hard] = SAFE_WEIGHT
    features, matrix = Features.fit(texts, cache=cache)
    svm = LinearSVC(C=DANGER_C, class_weight="balanced", random_state=0)
    svm.fit(matrix, labels, sample_weight=weight)
    weights = np.ascontiguousarray(svm.coef_[0], dtype=np.float32)
    model = DangerModel(features, weights, float(svm.intercept_[0]))
    categories = sorted({category for _, category in danger})
    if len(categories) >= 2:
        position = {name: i for i, name in enumerate(categories)}
        rows = matrix[: len(danger)]
        kinds = np.array([position[category] for _, category in danger])
        by_kind = LinearSVC(C=CATEGORY_C, class_weight="balanced", random_state=0)
        by_kind.fit(rows, kinds)
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


class _LexicalTraining:
    """The lexical index of a training set, and of each calibration fold without its rows."""

    def __init__(
        self,
        texts: list[str],
        examples: list[Example],
        documents: Mapping[str, str],
        intents: list[str],
    ):
        self.position = {name: i for i, name in enumerate(intents)}
        self.static = {
            intent: [terms_of(normalize(text))]
            for intent, text in documents.items()
            if intent in self.position
        }
        # Every intent is a document, core intents too: with articles alone, the lexical
        # bonus pulls "quiero hablar con una persona" from human_handoff to the articles that
        # say "persona" (5-fold CV: core intents 70% -> 49% right at a weight of 2).
        self.questions = [terms_of(text) for text in texts]
        self.intents = [e.intent for e in examples]
        self.texts = texts
        self.classes = len(intents)

    def index(self, keep: set[int] | None = None) -> tuple[LexicalIndex, np.ndarray] | None:
        """The index over the article texts and the questions of the rows kept (all by default),
        with the intent column of each of its documents."""
        found = {intent: list(terms) for intent, terms in self.static.items()}
        for row, (intent, terms) in enumerate(zip(self.intents, self.questions, strict=True)):
            if keep is None or row in keep:
                found.setdefault(intent, []).append(terms)
        if not found:
            return None
        lexical = LexicalIndex.fit(found)
        return lexical, np.array([self.position[i] for i in lexical.intents])

    def fold(self, features: Features, weight: float) -> LexicalFold:
        """Weighted lexical scores of held-out rows, for the out-of-fold calibration."""

        def held_out(train_rows: np.ndarray, test_rows: np.ndarray) -> np.ndarray:
            scores = np.zeros((len(test_rows), self.classes), dtype=np.float32)
            built = self.index(set(train_rows.tolist()))
            if built is None:
                return scores
            lexical, columns = built
            for n, row in enumerate(test_rows):
                scores[n, columns] = lexical.scores(features.speller.correct_text(self.texts[row]))
            return weight * scores

        return held_out


def train(
    examples: list[Example],
    fingerprint: str,
    *,
    calibrate: bool = False,
    danger: list[tuple[str, str]] | None = None,
    safe: list[str] | None = None,
    documents: Mapping[str, str] | None = None,
) -> EmbeddedModel:
    """Fit features, the classifier and the lexical index on the examples (and the danger model
    when danger examples are given). `documents` are the article texts
    (`training.article_documents`); without them the lexical index holds the questions only.
    The temperature is TEMPERATURE; `calibrate` fits it on a held-out third instead."""
    started = time.perf_counter()
    texts = [normalize(e.text) for e in examples]
    intents = sorted({e.intent for e in examples})
    position = {name: i for i, name in enumerate(intents)}
    labels = np.array([position[e.intent] for e in examples])
    groups = {e.intent: e.group for e in examples}
    analysed = AnalysisCache()
    features, matrix = Features.fit(texts, cache=analysed)
    weight = LEXICAL_WEIGHT
    lexical_training = _LexicalTraining(texts, examples, documents or {}, intents)
    built = lexical_training.index() if weight else None
    temperature = TEMPERATURE
    # scikit-learn is imported here, once, before the threads that fit: two threads importing
    # it at the same time can find it half initialised.
    import sklearn.model_selection
    import sklearn.svm  # noqa: F401

    # The SVMs fit in threads (liblinear runs without the GIL) while this thread does the
    # Python work: the danger model's detector pass and the fold's lexical scores (issue 19).
    with ThreadPoolExecutor(max_workers=SVM_GROUPS) as pool:
        intent_fits = _fit_intents(matrix, labels, len(intents), pool)
        fits = _fold_fits(matrix, labels, len(intents), pool) if calibrate else []
        danger_model = train_danger(examples, danger or [], safe, cache=analysed, normalised=texts)
        if calibrate:
            fold = lexical_training.fold(features, weight) if built else None
            scores, held_labels = _out_of_fold_scores(matrix, labels, len(intents), fits, fold)
            temperature = fit_temperature(scores, held_labels)
        weights, bias = _weights(intent_fits, len(intents), matrix.shape[1])
    return EmbeddedModel(
        features=features,
        weights=np.ascontiguousarray(weights, dtype=np.float16),
        bias=bias,
        temperature=temperature,
        intents=intents,
        groups=[groups[name] for name in intents],
        fingerprint=fingerprint,
        trained_seconds=time.perf_counter() - started,
        examples=len(examples),
        danger=danger_model,
        lexical=built[0] if built else None,
        lexical_columns=built[1] if built else None,
        lexical_weight=weight if built else 0.0,
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
        if danger is None or not norm:
            return None
        return danger.category(norm, cue_scores(text))
