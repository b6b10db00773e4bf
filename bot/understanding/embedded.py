"""The embedded backend: character and word n-grams with a linear classifier, in-process.

Light enough to train in seconds and parse in well under a millisecond, robust to the typos and
shorthand of SMS because character n-grams share most of their pieces with the intended word.
"""

from __future__ import annotations

import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.understanding import language
from bot.understanding.base import FALLBACK_INTENT, Intent, ParseResult
from bot.understanding.entities import extract_entities
from bot.understanding.normalize import has_letters, normalize
from bot.understanding.training import Example

MODEL_VERSION = 1


def build_pipeline() -> Pipeline:
    """Feature extraction and classifier, untrained."""
    features = FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    token_pattern=r"(?u)\b\w+\b",
                ),
            ),
        ]
    )
    classifier = LogisticRegression(C=20.0, max_iter=2000, class_weight="balanced")
    return Pipeline([("features", features), ("classifier", classifier)])


@dataclass(slots=True)
class EmbeddedModel:
    """A trained model plus what it was trained from."""

    pipeline: Pipeline
    fingerprint: str
    intents: list[str]
    trained_seconds: float
    examples: int
    version: int = MODEL_VERSION
    meta: dict[str, Any] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        """Write the model atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @staticmethod
    def load(path: Path) -> EmbeddedModel | None:
        """Read a model written by `save`, or None if absent or from another version."""
        if not path.exists():
            return None
        with path.open("rb") as handle:
            model = pickle.load(handle)  # noqa: S301 - our own file in var/
        if not isinstance(model, EmbeddedModel) or model.version != MODEL_VERSION:
            return None
        return model


def train(examples: list[Example], fingerprint: str) -> EmbeddedModel:
    """Fit the classifier on normalised examples."""
    started = time.perf_counter()
    texts = [normalize(e.text) for e in examples]
    labels = [e.intent for e in examples]
    pipeline = build_pipeline()
    pipeline.fit(texts, labels)
    intents = [str(c) for c in pipeline.named_steps["classifier"].classes_]
    return EmbeddedModel(
        pipeline=pipeline,
        fingerprint=fingerprint,
        intents=intents,
        trained_seconds=time.perf_counter() - started,
        examples=len(examples),
    )


class EmbeddedUnderstanding:
    """In-process NLU with a confidence threshold for fallback."""

    name = "embedded"

    def __init__(self, model: EmbeddedModel, *, threshold: float = 0.45, ranking: int = 10):
        self.model = model
        self.threshold = threshold
        self.ranking = ranking

    def parse_sync(self, text: str) -> ParseResult:
        """Understand one message without awaiting (the work is CPU-only and sub-millisecond)."""
        norm = normalize(text)
        lang = language.identify(text)
        entities = extract_entities(text)
        if not norm or not has_letters(norm):
            fallback = Intent(FALLBACK_INTENT, 0.0)
            return ParseResult(text, fallback, [fallback], entities, lang, self.name)
        probabilities = self.model.pipeline.predict_proba([norm])[0]
        order = np.argsort(probabilities)[::-1][: self.ranking]
        ranking = [Intent(self.model.intents[i], round(float(probabilities[i]), 4)) for i in order]
        top = ranking[0]
        if top.confidence < self.threshold:
            top = Intent(FALLBACK_INTENT, top.confidence)
        return ParseResult(text, top, ranking, entities, lang, self.name)

    async def parse(self, text: str) -> ParseResult:
        """Understand one message."""
        return self.parse_sync(text)
