"""Features of a normalised message: words, word pairs and character n-grams, TF-IDF weighted.

Fitted once with scikit-learn's `TfidfVectorizer` (same analyzer), then applied per message with
plain dictionaries and NumPy: the sklearn transform costs milliseconds per call, this costs tens
of microseconds. Unknown words get one chance at a spelling correction against the training
vocabulary (one edit away, via a deletion index), so "trabjo" still means "trabajo".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scikit-learn and SciPy are imported only to train: parsing needs NumPy alone
    from scipy.sparse import csr_matrix

CHAR_SIZES = (2, 3, 4, 5)
_NUMBER = re.compile(r"^\d+$")


def words_of(normalised: str) -> list[str]:
    """Word tokens, with every number folded into one token (the value rarely matters here)."""
    return ["<n>" if _NUMBER.match(w) else w for w in normalised.split()]


def analyze(normalised: str) -> list[str]:
    """Every feature name of a normalised message."""
    words = words_of(normalised)
    found = [f"w:{w}" for w in words]
    found += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    for word in words:
        padded = f" {word} "
        for size in CHAR_SIZES:
            found += [f"c:{padded[i : i + size]}" for i in range(len(padded) - size + 1)]
    return found


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Corrects a word to the most frequent training word one edit away (if any)."""

    def __init__(self, counts: Counter[str], *, min_length: int = 4):
        self.counts = counts
        self.min_length = min_length
        self.index: dict[str, list[str]] = {}
        for word in counts:
            if len(word) < min_length:
                continue
            for key in {word} | _deletions(word):
                self.index.setdefault(key, []).append(word)

    def correct(self, word: str) -> str:
        """The word itself when known or too short, else its closest training word."""
        if word in self.counts or len(word) < self.min_length or word == "<n>":
            return word
        candidates: set[str] = set()
        for key in {word} | _deletions(word):
            candidates.update(self.index.get(key, ()))
        if not candidates:
            return word
        return max(sorted(candidates), key=lambda c: self.counts[c])

    def correct_text(self, normalised: str) -> str:
        """Every word of a normalised text corrected."""
        return " ".join(self.correct(w) for w in normalised.split())


@dataclass(slots=True)
class Features:
    """The fitted vocabulary and IDF weights, applied to one message at a time."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    speller: Speller

    @classmethod
    def fit(cls, texts: list[str]) -> tuple[Features, csr_matrix]:
        """Fit on normalised training texts; return the features and the training matrix."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer=analyze, binary=True, dtype=np.float32)
        matrix = vectorizer.fit_transform(texts)
        counts: Counter[str] = Counter(w for text in texts for w in words_of(text))
        vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        features = cls(vocabulary, vectorizer.idf_.astype(np.float32), Speller(counts))
        return features, matrix.tocsr()

    @property
    def size(self) -> int:
        """How many features there are."""
        return len(self.idf)

    def vector(self, normalised: str) -> tuple[np.ndarray, np.ndarray]:
        """Indices and L2-normalised IDF weights of the features present (as sklearn computes)."""
        lookup = self.vocabulary.get
        known = {lookup(name) for name in analyze(self.speller.correct_text(normalised))}
        known.discard(None)
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        index = np.fromiter(known, dtype=np.int64, count=len(known))
        weights = self.idf[index]  # presence, not counts: repeating a word adds nothing
        return index, weights / np.linalg.norm(weights)

    def matrix(self, texts: list[str]) -> csr_matrix:
        """Many messages as a sparse matrix (for evaluation and calibration)."""
        from scipy.sparse import csr_matrix

        rows = [self.vector(t) for t in texts]
        indptr = np.cumsum([0] + [len(i) for i, _ in rows])
        indices = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        data = np.concatenate([w for _, w in rows]) if rows else np.zeros(0, dtype=np.float32)
        return csr_matrix((data, indices, indptr), shape=(len(texts), self.size))
