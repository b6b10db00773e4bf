"""Grouping unanswered questions by similarity: the same words, give or take spelling.

Greedy single pass over word stems (accents folded, short and common words dropped, each word
cut to its first STEM letters so "convalido" and "convalidar" meet): a question joins the group
it shares the most stems with, when they share at least two and at least THRESHOLD of the
smaller set.
Good enough to show content gaps of a few hundred questions a month; the example shown is the
group's most frequent (already masked) wording.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.understanding.normalize import fold_accents

THRESHOLD = 0.5
STEM = 4
MIN_SHARED = 2
_STOP_WORDS = (
    "a al algo como con cual cuando de del donde el ella en es esta este hay la las lo los me "
    "mi mis muy no o para pero por puedo que se si sin su sus tengo un una y ya yo "
    "an and are can do for how in is it my of on or the to what where with you"
)
STOP = frozenset(_STOP_WORDS.split())


def words(text: str) -> frozenset[str]:
    """The words that carry meaning, folded."""
    folded = fold_accents(text.lower())
    cleaned = "".join(ch if ch.isalnum() else " " for ch in folded)
    return frozenset(w[:STEM] for w in cleaned.split() if len(w) > 2 and w not in STOP)


@dataclass(slots=True)
class Group:
    """Similar questions: their shared words, wordings and distinct people."""

    words: set[str]
    wordings: Counter[str] = field(default_factory=Counter)
    persons: set[str] = field(default_factory=set)

    @property
    def people(self) -> int:
        """How many different people asked."""
        return len(self.persons)

    @property
    def example(self) -> str:
        """The most frequent wording."""
        return self.wordings.most_common(1)[0][0]


def similarity(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Shared stems over the smaller set; 0 when fewer than MIN_SHARED are shared."""
    shared = len(a & b)
    if shared < MIN_SHARED:
        return 0.0
    return shared / min(len(a), len(b))


def group_questions(rows: list[tuple[str, str]]) -> list[Group]:
    """(masked text, person) rows grouped, the largest groups (by people) first."""
    groups: list[Group] = []
    for text, person in rows:
        found = words(text)
        if not found:
            continue
        best = max(groups, key=lambda g: similarity(found, g.words), default=None)
        if best is None or similarity(found, best.words) < THRESHOLD:
            best = Group(set(found))
            groups.append(best)
        best.wordings[text] += 1
        best.persons.add(person)
    groups.sort(key=lambda g: (-g.people, g.example))
    return groups
