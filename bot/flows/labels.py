"""Typed menu labels: "lugares de ayuda" typed as a first message, or from a list that is no
longer the last one shown, picks that choice. Case, accents, end punctuation and a typo or two
do not matter; only the labels of the main menu and of the recent lists count, and only choices
that lead somewhere (a topic, an article, the services, a person, the menu), never a yes/no.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from bot.dialogue.turn import Turn
from bot.understanding.normalize import normalize

# The kinds of choice a typed label may pick from an older list.
PICKABLE = ("topic:", "article:", "services", "human", "menu")
MIN_CHARS = 4  # "Sí", "No" and the like never match an old list
FUZZY_CHARS = 8  # shorter labels match exactly only ("salud" is not "saludo")
MAX_WORDS = 8
SIMILAR = 0.88  # "lugares de ayda", "hablar con una persna"


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
    for choice_id, label in offered:
        if not choice_id.startswith(PICKABLE):
            continue
        wanted = normalize(label)
        if len(wanted) < MIN_CHARS:
            continue
        if wanted == typed:
            score = 1.0
        elif len(wanted) >= FUZZY_CHARS:
            score = SequenceMatcher(None, wanted, typed).ratio()
        else:
            continue
        if score >= SIMILAR and (best is None or score > best[0]):
            best = (score, choice_id)
    return best[1] if best else None
