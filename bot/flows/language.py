"""Language: chosen from each message, switchable any time (IDIOMA, /language, buttons).

```mermaid
flowchart LR
  idioma[IDIOMA] --> pick[Español / English] --> set[language fixed + menu]
  other[French, Portuguese, Creole] --> both[we speak es and en + a person]
```
"""

from __future__ import annotations

import re

from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.messages import Choice
from bot.understanding.normalize import fold_accents

NAMES = {"es": "Español", "en": "English"}

# A language named in a request such as "can we speak in english" or "me lo escribes en
# castellano": the request's own intent says only "change the language", not to which.
_NAMED = (
    ("en", re.compile(r"\b(?:english|ingles|inglish|engl?ish)\b")),
    ("es", re.compile(r"\b(?:espa[nñ]i?ol|castellano|spanish)\b")),
)


def named_language(text: str) -> str | None:
    """The one language a message names, or None when it names none or both."""
    folded = fold_accents(text.lower())
    found = {lang for lang, pattern in _NAMED if pattern.search(folded)}
    return found.pop() if len(found) == 1 else None


def choose(turn: Turn, _arg: str | None = None) -> None:
    """Offer both languages."""
    choices = [Choice("lang:es", NAMES["es"]), Choice("lang:en", NAMES["en"])]
    turn.say(turn.t("language_choose"), choices=choices)
    turn.remember_choices(choices)


def set_language(turn: Turn, lang: str | None) -> None:
    """Switch to the language asked for; when the request names none, ask which."""
    if lang not in NAMES:
        lang = named_language(turn.inbound.text or "")
    if lang is None:
        choose(turn)
        return
    turn.lang = lang
    turn.state.lang = lang
    turn.state.lang_locked = True
    from bot.flows.menu import show_menu

    show_menu(turn, intro=turn.t("language_set"))


def unsupported(turn: Turn, _arg: str | None = None) -> None:
    """A language we do not speak: say which we do, in both, and offer a person."""
    choices = [
        Choice("human", turn.t("choice_human")),
        Choice("lang:es", NAMES["es"]),
        Choice("lang:en", NAMES["en"]),
    ]
    turn.say(turn.t("unsupported_language"), choices=choices)
    turn.remember_choices(choices)
    turn.handoff = True


SPECS = (
    FlowSpec(
        "language",
        choose,
        keywords=dict.fromkeys(["idioma", "language", "/language", "/idioma", "lang"]),
    ),
    FlowSpec(
        "set_language",
        set_language,
        keywords={
            **dict.fromkeys(["english", "ingles", "inglés", "/en"], "en"),
            **dict.fromkeys(["español", "espanol", "spanish", "/es"], "es"),
        },
        intents={"change_language": None},
        choices=("lang",),
        while_waiting=True,
    ),
    FlowSpec("unsupported_language", unsupported),
)
