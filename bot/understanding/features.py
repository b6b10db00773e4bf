"""Features of a normalised message: words, word pairs and character n-grams, TF-IDF weighted.

Fitted once with scikit-learn's `TfidfVectorizer` (same analyzer), then applied per message with
NumPy: the sklearn transform costs milliseconds per call, this costs tens of microseconds.
Unknown words get one chance at a spelling correction against the training vocabulary (one edit
away, via a deletion index), so "trabjo" still means "trabajo".

Feature names are kept as sorted 64-bit hashes (`Vocabulary`), not as a dictionary of strings:
a Python dict of 40,000 n-grams costs about 4 MB, the hashes 0.3 MB, and the whole parse must fit
in the memory budget of the embedded run (80 MB).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scikit-learn and SciPy are imported only to train: parsing needs NumPy alone
    from scipy.sparse import csr_matrix

# 3- and 4-grams. Round 16 (5-fold CV on the training data) took 2 to 4 over 2 to 5: the same
# topic accuracy (88.8% against 88.7% at the 0.3 threshold) and danger recall (98.0% against
# 97.7%) with two fifths less CPU to fit. Round 18 dropped the 2-grams too, by the same CV at
# 9036 examples (topic-or-core 89.8% against 89.9%, danger recall 98.0% against 97.9%, false
# alarms 2.0% / 1.4% against 2.1% / 1.5%) and by leaving each development set out
# (benchmarks/topics_groupcv.py: 91.2% against 91.0% of 3598 first messages): the whole
# training fit takes a second less (benchmarks/RESULTS.md, round 18; #19).
CHAR_SIZES = (3, 4)
_NUMBER = re.compile(r"^\d+$")


def words_of(normalised: str) -> list[str]:
    """Word tokens, with every number folded into one token (the value rarely matters here)."""
    return ["<n>" if _NUMBER.match(w) else w for w in normalised.split()]


def char_grams(word: str) -> list[str]:
    """The character n-gram feature names of one word, padded with a space on each side."""
    padded = f" {word} "
    return [
        f"c:{padded[i : i + size]}" for size in CHAR_SIZES for i in range(len(padded) - size + 1)
    ]


def analyze(normalised: str, grams: dict[str, list[str]] | None = None) -> list[str]:
    """Every feature name of a normalised message. `grams` keeps each word's character n-grams
    for the next call (training analyses thousands of texts over a few thousand words)."""
    words = words_of(normalised)
    found = [f"w:{w}" for w in words]
    found += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    for word in words:
        if grams is None:
            found += char_grams(word)
        else:
            known = grams.get(word)
            if known is None:
                known = grams[word] = char_grams(word)
            found += known
    return found


class AnalysisCache:
    """Feature ids of the texts one fit analysed, for the next fit (the danger model's texts
    are mostly the intent model's): each name gets an id once, each text its ids once."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.rows: dict[str, np.ndarray] = {}
        self.words: dict[str, np.ndarray] = {}

    def row(self, text: str) -> np.ndarray:
        """The ids of the features of a normalised text (`analyze`), repeats included."""
        row = self.rows.get(text)
        if row is None:
            words = words_of(text)
            parts = [self._word(word) for word in words]
            pairs = [self._id(f"b:{a}_{b}") for a, b in zip(words, words[1:], strict=False)]
            parts.append(np.array(pairs, dtype=np.int64))
            row = self.rows[text] = np.concatenate(parts)
        return row

    def _word(self, word: str) -> np.ndarray:
        """The ids of one word's own features: the word and its character n-grams."""
        known = self.words.get(word)
        if known is None:
            names = [f"w:{word}", *char_grams(word)]
            known = self.words[word] = np.array([self._id(n) for n in names], dtype=np.int64)
        return known

    def _id(self, name: str) -> int:
        ids = self.ids
        return ids.setdefault(name, len(ids))

    def names(self) -> list[str]:
        """Every name seen, indexed by id."""
        return list(self.ids)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def stable_hash(name: str) -> int:
    """A 64-bit hash of a string, the same in every process (`hash()` is salted per process)."""
    data = name.encode()
    return zlib.crc32(data) | (zlib.adler32(data) << 32)


def hashes(names: Iterable[str]) -> np.ndarray:
    """The stable hashes of many strings, as uint64."""
    return np.fromiter((stable_hash(n) for n in names), dtype=np.uint64)


@dataclass(slots=True)
class Vocabulary:
    """A frozen mapping from strings to row numbers, stored as sorted hashes."""

    keys: np.ndarray  # sorted uint64 hashes
    rows: np.ndarray  # int32: the row of each key

    @classmethod
    def build(cls, mapping: dict[str, int]) -> Vocabulary:
        """From a {name: row} mapping (two names with one hash keep the first row)."""
        keys = hashes(mapping)
        rows = np.fromiter(mapping.values(), dtype=np.int32, count=len(mapping))
        order = np.argsort(keys, kind="stable")
        keys, rows = keys[order], rows[order]
        unique = np.ones(len(keys), dtype=bool)
        unique[1:] = keys[1:] != keys[:-1]
        return cls(np.ascontiguousarray(keys[unique]), np.ascontiguousarray(rows[unique]))

    def __len__(self) -> int:
        return len(self.keys)

    def lookup(self, names: Iterable[str]) -> np.ndarray:
        """The rows of the names present, each once (unknown names are left out)."""
        if not len(self.keys):
            return np.zeros(0, dtype=np.int64)
        wanted = np.unique(hashes(names))
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found = self.keys[at] == wanted
        rows: np.ndarray = self.rows[at[found]].astype(np.int64)
        return rows

    def get(self, name: str) -> int | None:
        """The row of one name, or None."""
        rows = self.lookup((name,))
        return int(rows[0]) if len(rows) else None


class Speller:
    """Corrects a word to the most frequent training word one edit away (if any).

    The deletion index keeps, for each key, only its best word (most frequent, then first in
    alphabetical order): the best of a union is the best of the per-key bests, so this answers
    as a full index would, in a fraction of the memory."""

    def __init__(self, counts: Counter[str], *, min_length: int = 4):
        self.counts = dict(counts)
        self.min_length = min_length
        self.words = sorted(w for w in counts if len(w) >= min_length)
        rank = {w: (-counts[w], w) for w in self.words}
        best: dict[str, str] = {}
        for word in self.words:
            for key in {word} | _deletions(word):
                held = best.get(key)
                if held is None or rank[word] < rank[held]:
                    best[key] = word
        position = {w: i for i, w in enumerate(self.words)}
        self.index = Vocabulary.build({key: position[w] for key, w in best.items()})

    def correct(self, word: str) -> str:
        """The word itself when known or too short, else its closest training word."""
        if word in self.counts or len(word) < self.min_length or word == "<n>":
            return word
        rows = self.index.lookup({word} | _deletions(word))
        if not len(rows):
            return word
        candidates = [self.words[int(i)] for i in rows]
        return min(candidates, key=lambda c: (-self.counts[c], c))

    def correct_text(self, normalised: str) -> str:
        """Every word of a normalised text corrected."""
        return " ".join(self.correct(w) for w in normalised.split())


@dataclass(slots=True)
class Features:
    """The fitted vocabulary and IDF weights, applied to one message at a time."""

    vocabulary: Vocabulary
    idf: np.ndarray
    speller: Speller

    @classmethod
    def fit(
        cls, texts: list[str], *, cache: AnalysisCache | None = None
    ) -> tuple[Features, csr_matrix]:
        """Fit on normalised training texts; return the features and the training matrix.

        The matrix is what scikit-learn's `TfidfVectorizer(binary=True, dtype=float32)` gives
        (columns in the sorted order of the feature names, smoothed IDF, rows L2-normalised),
        built with NumPy: the vectorizer's Python loop over a million names was most of the
        fit (issue 19). `cache` keeps what one fit analysed for the next."""
        from scipy.sparse import csr_matrix

        cache = AnalysisCache() if cache is None else cache
        rows = [cache.row(text) for text in texts]
        names = cache.names()
        lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
        flat = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        # The columns: the names used, in sorted order (as scikit-learn numbers them).
        seen = np.zeros(len(names), dtype=bool)
        seen[flat] = True
        used = np.flatnonzero(seen)
        used_names = [names[i] for i in used.tolist()]
        order = sorted(range(len(used_names)), key=used_names.__getitem__)
        column_of = np.zeros(len(names), dtype=np.int64)
        column_of[used[order]] = np.arange(len(order))
        # One sort of (row, column) keys: each feature once per row, rows' columns in order.
        keys = np.sort(np.repeat(np.arange(len(texts)), lengths) * len(names) + column_of[flat])
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
        row_of, columns = np.divmod(keys, len(names)) if len(names) else (keys, keys)
        documents = np.bincount(columns, minlength=len(order)).astype(np.float32)
        idf = np.log(np.float32(len(texts) + 1) / (documents + 1)) + np.float32(1)
        data = idf[columns]
        counts_per_row = np.bincount(row_of, minlength=len(texts))
        starts = np.concatenate([[0], np.cumsum(counts_per_row)])
        squares = np.bincount(row_of, weights=data.astype(np.float64) ** 2, minlength=len(texts))
        norms = np.sqrt(np.where(squares > 0, squares, 1.0))
        data = (data / norms[row_of]).astype(np.float32)
        matrix = csr_matrix((data, columns, starts), shape=(len(texts), len(order)))
        counts: Counter[str] = Counter(w for text in texts for w in words_of(text))
        vocabulary = Vocabulary.build({used_names[i]: rank for rank, i in enumerate(order)})
        return cls(vocabulary, idf.astype(np.float32), Speller(counts)), matrix

    @property
    def size(self) -> int:
        """How many features there are."""
        return len(self.idf)

    def vector(self, normalised: str) -> tuple[np.ndarray, np.ndarray]:
        """Indices and L2-normalised IDF weights of the features present (as sklearn computes)."""
        return self.vector_of_corrected(self.speller.correct_text(normalised))

    def vector_of_corrected(self, corrected: str) -> tuple[np.ndarray, np.ndarray]:
        """`vector` of a text the speller has already corrected."""
        index = self.vocabulary.lookup(set(analyze(corrected)))
        if not len(index):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
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
