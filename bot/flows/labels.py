"""Typed menu labels: "lugares de ayuda" typed as a first message, or from a list that is no
longer the last one shown, picks that choice. Case, accents, end punctuation and a typo or two
do not matter; only the labels of the main menu and of the recent lists count, and only choices
that lead somewhere (a topic, an article, the services, a person, the menu), never a yes/no.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from bot.dialogue.turn import Turn
from bot.understanding.normalize import normalize

# The kinds of choice a typed label may pick from an older list.
PICKABLE = ("topic:", "article:", "services", "human", "menu")
MIN_CHARS = 4  # "Sí", "No" and the like never match an old list
FUZZY_CHARS = 8  # shorter labels match exactly only ("salud" is not "saludo")
MAX_WORDS = 8
SIMILAR = 0.88  # "lugares de ayda", "hablar con una persna"


@lru_cache(maxsize=2048)
def _label_form(label: str) -> str:
    """A label's normalised form (the same few labels come back every turn)."""
    return normalize(label)


def _may_win(score: float, best: tuple[float, str] | None) -> bool:
    """Whether a label with this score would be picked over `best`."""
    return score >= SIMILAR and (best is None or score > best[0])


def typed_label(turn: Turn) -> str | None:
    """The choice id whose label the message is, from the main menu or a recent list."""
    from bot.flows.menu import menu_choices

    typed = normalize(turn.text)
    if len(typed) < MIN_CHARS or len(typed.split()) > MAX_WORDS:
        return None
    offered = [[c.id, c.label] for c in menu_choices(turn)]
    for listed in reversed(turn.reading.thread.recent):
        offered = listed + offered
    best: tuple[float, str] | None = None
    matcher = SequenceMatcher(None, "", typed)  # the typed text is indexed once
    for choice_id, label in offered:
        if not choice_id.startswith(PICKABLE):
            continue
        wanted = _label_form(label)
        if len(wanted) < MIN_CHARS:
            continue
        if wanted == typed:
            score = 1.0
        elif len(wanted) >= FUZZY_CHARS:
            matcher.set_seq1(wanted)
            # The quick ratios bound the ratio from above: a label that cannot reach the
            # threshold (or beat the best so far) is not compared in full (#19).
            if not _may_win(matcher.real_quick_ratio(), best) or not _may_win(
                matcher.quick_ratio(), best
            ):
                continue
            score = matcher.ratio()
        else:
            continue
        if _may_win(score, best):
            best = (score, choice_id)
    return best[1] if best else None
