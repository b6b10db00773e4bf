"""Lexical search over the articles: BM25 over words and word stems of each article's title,
questions, facets, SMS text and body, both languages in one document per article (and, so that
they compete on equal terms, one document per core intent: its examples).

The classifier learns from the questions alone; this finds an article by the words of its text,
so a question unlike any training example ("need insulin for my mom") still reaches the article
that talks about it. A stem is a word's first five letters: it joins the forms of a word
("trabajo", "trabajar", "trabajando") and many Spanish and English cognates ("insulin",
"insulina"; "deported", "deportado"; "discrimination", "discriminación"). Scores are scaled to
[0, 1] by the best a document could get for the query's known terms, so the classifier can add
them with one weight (chosen by cross-validation, benchmarks/nlu_cv.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.understanding.features import Vocabulary, words_of

STEM = 5
K1 = 1.2
B = 0.75  # the usual BM25 length normalisation (0.3 and 0.5 did no better in cross-validation)
TITLE_REPEAT = 3  # a title says what the article is about: its words count as three mentions

# Function words of both languages: they match every article and say nothing about which.
_STOPWORD_TEXT = """
    a al algo algun alguna ante con contra cual cuales de del desde donde el ella ellas ellos en
    entre era es esa ese eso esta estas este esto estos fue ha hay la las le les lo los mas me mi
    mis muy nos o os para pero por porque que quien se si sin sobre su sus te tu tus un una uno
    unos y ya yo como cuando estoy tengo puedo hacer hago quiero necesito saber tiene ser son
    the an of to and in is are i my me you your can how where what when do does want need it
    this that be will would should could there here at on by about if or but so all any was
    were did have has am for from with without we our they them he she his her not no
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def terms_of(normalised: str) -> list[str]:
    """The search terms of a normalised text: content words and their stems."""
    found: list[str] = []
    for word in words_of(normalised):
        if word in _STOPWORDS or word == "<n>" or len(word) < 2:
            continue
        found.append(word)
        if len(word) > STEM:
            found.append("~" + word[:STEM])
    return found


def article_text(title: str, sms: str, body: str, facets: Mapping[str, str]) -> str:
    """The searchable text of one article besides its questions."""
    return " ".join([*([title] * TITLE_REPEAT), sms, *facets.values(), body])


@dataclass(slots=True)
class LexicalIndex:
    """BM25 weights of every term in every article, ready to be summed for a query."""

    intents: tuple[str, ...]  # the article intent of each document column
    vocabulary: Vocabulary
    weights: np.ndarray  # (terms, documents) float16: idf x saturated term frequency
    ideal: np.ndarray  # (terms,) float32: the most one term can add to a document's score

    @classmethod
    def fit(cls, documents: Mapping[str, Sequence[Sequence[str]]]) -> LexicalIndex:
        """From each intent's texts, already split into terms (`terms_of`)."""
        intents = tuple(sorted(documents))
        counts = [Counter(t for text in documents[i] for t in text) for i in intents]
        names = sorted({t for c in counts for t in c})
        row = {name: r for r, name in enumerate(names)}
        tf = np.zeros((len(names), len(intents)), dtype=np.float32)
        for d, found in enumerate(counts):
            for name, n in found.items():
                tf[row[name], d] = n
        lengths = tf.sum(axis=0)
        average = float(lengths.mean()) if len(intents) else 1.0
        df = (tf > 0).sum(axis=1)
        idf = np.log(1.0 + (len(intents) - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = K1 * (1.0 - B + B * lengths / max(average, 1.0))
        saturated = tf * (K1 + 1.0) / (tf + norm)
        weights = (idf[:, None] * saturated).astype(np.float16)
        return cls(intents, Vocabulary.build(row), weights, idf * (K1 + 1.0))

    def scores(self, normalised: str) -> np.ndarray:
        """Each document's BM25 score for the query, over the best it could be (0..1). The
        model passes the text its speller corrected, as the classifier reads it."""
        rows = self.vocabulary.lookup(terms_of(normalised))
        if not len(rows):
            return np.zeros(len(self.intents), dtype=np.float32)
        total: np.ndarray = self.weights[rows].astype(np.float32).sum(axis=0)
        return total / float(self.ideal[rows].sum())
