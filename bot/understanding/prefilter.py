"""Which of many patterns can match a text at all, found from the words it contains (issue 19).

The danger detector runs about 370 patterns on every message and on every training example; the
scans, not what is done with a hit, were most of its time (0.7-1 ms a message, 4-5 s of `rumbo
train`). A pattern such as "\\b(me|nos) (pega|golpea)\\b" can only match a text in which some
word starts with "pega" or "golpea". `Prefilter` reads each pattern's parse tree once for such a
set of words (its *keys*: of the sets it finds, the rarest), and then, for a text, returns the
patterns whose keys the text's words start with, plus every pattern it could not key. It never
leaves out a pattern that matches: a set is only taken where every match must contain one of its
words at the start of a word, and a pattern with no such set is always run. On the training data
a message now runs about 3 of the 368 patterns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_WORD = re.compile(r"\w+")
_BOUNDARIES = {c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING}
_LOOKS = {c.ASSERT, c.ASSERT_NOT}
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}


class _Unkeyed(Exception):
    """The pattern's first word is not certain: run it on every text."""


def _word_run(items: Sequence[tuple[Any, Any]], start: int) -> str:
    """The literal word characters from `start` on, as long as they run unbroken."""
    run = []
    for op, av in items[start:]:
        if op is not c.LITERAL or not _WORD.fullmatch(chr(av)):
            break
        run.append(chr(av))
    return "".join(run)


def _firsts(items: Sequence[tuple[Any, Any]], bounded: bool) -> tuple[set[str], bool]:
    """The words a match of this sequence can begin with, and whether it can match nothing.

    `bounded`: a word boundary (or the start of the text) comes right before the sequence. A
    word is only taken when a boundary precedes it, so that it starts a word of the text.
    """
    for index, (op, av) in enumerate(items):
        if op is c.AT:
            bounded = bounded or av in _BOUNDARIES
            continue
        if op in _LOOKS:  # zero width: the match still starts after it
            continue
        if op is c.LITERAL:
            word = _word_run(items, index)
            if not word or not bounded:
                raise _Unkeyed
            return _extended(word, items[index + len(word) :]), False
        if op is c.SUBPATTERN:
            _group, add_flags, _del_flags, inner = av
            if add_flags & re.IGNORECASE:
                raise _Unkeyed
            return _continue(_firsts(inner, bounded), items[index + 1 :], bounded)
        if op is c.BRANCH:
            words: set[str] = set()
            empty = False
            for alternative in av[1]:
                found, nothing = _firsts(alternative, bounded)
                words |= found
                empty = empty or nothing
            return _continue((words, empty), items[index + 1 :], bounded)
        if op in _REPEATS:
            low, _high, inner = av
            found, nothing = _firsts(inner, bounded)
            return _continue((found, nothing or low == 0), items[index + 1 :], bounded)
        if op is c.ATOMIC_GROUP:
            return _continue(_firsts(av, bounded), items[index + 1 :], bounded)
        raise _Unkeyed  # a class, any character, a back-reference: not a certain word
    return set(), True


def _extended(word: str, rest: Sequence[tuple[Any, Any]]) -> set[str]:
    """The word, run on into the alternatives right after it when each goes on with letters.

    The parser takes the common start out of "(ayuda|auxilio)": "a", then "yuda" or "uxilio";
    put together again, the keys are the whole words.
    """
    if not rest or rest[0][0] not in (c.BRANCH, c.SUBPATTERN):
        return {word}
    try:
        tails, nothing = _firsts(rest[:1], True)
    except _Unkeyed:
        return {word}
    if nothing or not tails:
        return {word}
    return {word + tail for tail in tails}


def _continue(
    head: tuple[set[str], bool], rest: Sequence[tuple[Any, Any]], bounded: bool
) -> tuple[set[str], bool]:
    """A part that can match nothing lets the match begin with what follows it.

    After an empty part the boundary before it still stands: it was zero width too.
    """
    words, nothing = head
    if not nothing:
        return words, False
    more, still_nothing = _firsts(rest, bounded)
    return words | more, still_nothing


def _ends_apart(items: Sequence[tuple[Any, Any]]) -> bool:
    """Whether every match of the sequence ends with a character that is not a word character."""
    if not items:
        return False
    op, av = items[-1]
    if op is c.LITERAL:
        return not _WORD.fullmatch(chr(av))
    if op is c.SUBPATTERN:
        return _ends_apart(av[3])
    if op is c.BRANCH:
        return all(_ends_apart(alternative) for alternative in av[1])
    if op in _REPEATS:
        return bool(av[0] >= 1 and _ends_apart(av[2]))
    return False


def _rarest(found: list[set[str]]) -> set[str] | None:
    """Of several sets of words a match must contain one of, the one that rules out most texts:
    the set whose shortest word is longest (a long word is rarer), then the smallest."""
    if not found:
        return None
    return max(found, key=lambda words: (min(map(len, words)), -len(words)))


def _necessary(items: Sequence[tuple[Any, Any]], bounded: bool) -> set[str] | None:
    """A set of words a match of the sequence must contain one of as the start of a word of the
    text, the rarest such set found, or None.

    Every part that must match and begins a word (after a boundary, the start of the text or a
    space) gives such a set, from its first words; a part made of alternatives gives the union of
    what each alternative must contain.
    """
    found: list[set[str]] = []
    for index, (op, av) in enumerate(items):
        if op is c.AT:
            bounded = av in _BOUNDARIES or (bounded and av is not c.AT_NON_BOUNDARY)
            continue
        if op in _LOOKS:
            continue
        if op is c.LITERAL:
            if _WORD.fullmatch(chr(av)):
                if bounded:
                    word = _word_run(items, index)
                    found.append(_extended(word, items[index + len(word) :]))
                bounded = False
            else:
                bounded = True
            continue
        optional = op in _REPEATS and av[0] == 0
        if not optional:
            if bounded:
                try:
                    words, nothing = _firsts([(op, av)], True)
                    if not nothing and words:
                        found.append(words)
                except _Unkeyed:
                    pass
            inner = _inner_necessary(op, av, bounded)
            if inner:
                found.append(inner)
        # After a part that may be skipped, a word starts only if one did both ways.
        bounded = _ends_apart(av[2]) and bounded if optional else _ends_apart([(op, av)])
    return _rarest(found)


def _inner_necessary(op: Any, av: Any, bounded: bool) -> set[str] | None:
    """What a group, a choice or a repeated part must contain, looked for inside it."""
    if op is c.SUBPATTERN:
        if av[1] & re.IGNORECASE:
            return None
        return _necessary(av[3], bounded)
    if op is c.ATOMIC_GROUP:
        return _necessary(av, bounded)
    if op in _REPEATS and av[0] >= 1:
        return _necessary(av[2], bounded)
    if op is c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            words = _necessary(alternative, bounded)
            if not words:
                return None
            union |= words
        return union
    return None


def keys(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Words a match of the pattern must contain one of, each as the start of a word of the
    text (the rarest such set the parse tree shows), or None when there is none to be sure of."""
    if pattern.flags & re.IGNORECASE or not pattern.flags & re.UNICODE:
        return None
    try:
        words = _necessary(_parser.parse(pattern.pattern, pattern.flags), False)
    except (RecursionError, ValueError, TypeError):
        return None
    return frozenset(words) if words else None


class Prefilter:
    """The patterns of a list that may match a text, by the words the text's words start with."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        self.patterns = tuple(patterns)
        self.always: list[int] = []
        self.by_key: dict[str, list[int]] = {}
        for position, pattern in enumerate(self.patterns):
            found = keys(pattern)
            if found is None:
                self.always.append(position)
                continue
            for key in found:
                self.by_key.setdefault(key, []).append(position)
        self.longest = max((len(key) for key in self.by_key), default=0)

    @property
    def keyed(self) -> int:
        """How many patterns are run only on texts that have one of their words."""
        return len(self.patterns) - len(self.always)

    def candidates(self, text: str) -> list[int]:
        """Positions, in order, of the patterns that may match `text`."""
        by_key = self.by_key
        chosen = set(self.always)
        for word in _WORD.findall(text):
            for end in range(1, min(len(word), self.longest) + 1):
                hit = by_key.get(word[:end])
                if hit is not None:
                    chosen.update(hit)
        return sorted(chosen)
