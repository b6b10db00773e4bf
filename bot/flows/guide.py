"""Regularisation guide: five questions, one per message, then the paths that may fit.

Each question is answered with a button or a digit (SMS). The result names paths that *may* fit,
each linked to its sourced article, plus free legal advice and a person, always: the guide never
says that someone has no option and never promises an outcome or an open regularisation.

```mermaid
flowchart TD
  start[guide:start<br/>regularisation topic] --> nat[1 nationality]
  nat --> entry[2 how they entered]
  entry --> docs[3 documents]
  docs --> family[4 Ecuadorian partner or child]
  family --> fear[5 fear of returning]
  fear --> result[paths that may fit + legal aid + person]
  nat & entry & docs & family & fear -->|not a number| reask[re-ask politely]
  reask --> nat
  result -->|article:id| answer[sourced article]
  result -->|human| handoff
  nat & entry & docs & family & fear -->|MENU / HUMANO| out[leave the guide]
```
"""

from __future__ import annotations

from bot.dialogue.triggers import FlowSpec, Pending, Route
from bot.dialogue.turn import Turn
from bot.flows.guide_texts import OPTIONS, PATH_LABELS, QUESTIONS, say
from bot.messages import Choice
from bot.understanding.normalize import fold_accents

STEPS = tuple(QUESTIONS)  # nat, entry, docs, family, fear: the order of the questions
ARTICLES = {
    "protection": "protection-apply-refugee",
    "protection_maybe": "protection-who-is-refugee",
    "mercosur": "reg-mercosur-visa",
    "family": "reg-visas-residence",
    "visas": "reg-visas-residence",
    "virte": "reg-virte-ended",
    "legal": "services-legal-aid",
}


def entry_choice(lang: str) -> Choice:
    """The choice that starts the guide (first in the regularisation topic list)."""
    return Choice("guide:start", say("entry_label", lang))


def handle(turn: Turn, arg: str | None) -> None:
    """Start the guide, take an answer (button or typed text), or show the result."""
    turn.topic = "regularisation"
    if arg in (None, "", "start"):
        turn.state.guide = {}
        _ask(turn, STEPS[0], intro=True)
        return
    answer = _typed_answer(turn) if arg == "text" else arg
    step, _, value = (answer or "").partition(":")
    if step not in QUESTIONS or value not in {v for v, _, _ in OPTIONS[step]}:
        _reask(turn)
        return
    answers = turn.state.guide
    answers[step] = value
    missing = [s for s in STEPS if s not in answers]
    if missing:
        _ask(turn, missing[0])
    else:
        _result(turn, answers)


def _choices(step: str, lang: str) -> list[Choice]:
    return [
        Choice(f"guide:{step}:{value}", es if lang == "es" else en)
        for value, es, en in OPTIONS[step]
    ]


def _ask(turn: Turn, step: str, *, intro: bool = False, lead: str | None = None) -> None:
    number = STEPS.index(step) + 1
    question = f"{number}/{len(STEPS)} {QUESTIONS[step].get(turn.lang, QUESTIONS[step]['es'])}"
    first = lead or (say("intro", turn.lang) if intro else None)
    text = f"{first}\n{question}" if first else question
    choices = _choices(step, turn.lang)
    turn.say(text, choices=choices, kind="ask")
    turn.remember_choices(choices)
    turn.state.pending = f"guide:{step}"


def _current_step(turn: Turn) -> str:
    pending = turn.state.pending or ""
    step = pending.partition(":")[2]
    return step if step in QUESTIONS else STEPS[0]


def _typed_answer(turn: Turn) -> str | None:
    """A digit of the last list, or the exact label of an option ("colombia"), as `step:value`."""
    typed = turn.text.strip().strip(".!¡¿? ")
    if typed.isdigit():
        chosen = turn.choice_for_digit(int(typed))
        if chosen and chosen.startswith("guide:"):
            return chosen.partition(":")[2]
        return None
    folded = fold_accents(typed.lower())
    step = _current_step(turn)
    for value, es, en in OPTIONS[step]:
        if folded in (fold_accents(es.lower()), fold_accents(en.lower())):
            return f"{step}:{value}"
    return None


def _reask(turn: Turn) -> None:
    """Not an answer: say so kindly and ask the same question again."""
    _ask(turn, _current_step(turn), lead=say("reask", turn.lang))


def paths_for(answers: dict[str, str]) -> list[str]:
    """The paths that may fit, most pressing first; free legal advice is always among them."""
    paths: list[str] = []
    fear = answers.get("fear")
    if fear == "yes":
        paths.append("protection")
    if answers.get("nat") in ("co", "mercosur"):
        paths.append("mercosur")
    paths.append("family" if answers.get("family") == "yes" else "visas")
    if answers.get("nat") == "ve":
        paths.append("virte")
    if fear == "private":
        paths.append("protection_maybe")
    paths.append("legal")
    return paths


def _result(turn: Turn, answers: dict[str, str]) -> None:
    """The paths, each with its steps in the full text and its article one tap away."""
    lang = turn.lang
    paths = paths_for(answers)
    lines = [say("result_intro", lang)]
    lines += [f"• {say('path_' + path, lang)}" for path in paths]
    if answers.get("entry") in ("irregular", "unknown"):
        lines.append(say("note_entry", lang))
    if answers.get("docs") in ("expired", "id", "none"):
        lines.append(say("note_docs", lang))
    lines.append(say("result_close", lang))
    choices = [
        Choice(f"article:{ARTICLES[path]}", PATH_LABELS[path][lang if lang == "en" else "es"])
        for path in paths
        if turn.kb.article(ARTICLES[path], lang) is not None
    ]
    choices.append(Choice("human", turn.t("choice_human")))
    choices.append(Choice("menu", turn.t("choice_menu")))
    turn.say("\n\n".join(lines), choices=choices, short=say("result_short", lang), kind="guide")
    turn.remember_choices(choices)
    # The answers (nationality, fear of return) are sensitive: keep them no longer than needed.
    turn.state.guide = {}
    turn.state.pending = None


def _typed(turn: Turn) -> Route | None:
    return ("guide", "text") if turn.text.strip() else None


SPECS = (
    FlowSpec(
        "guide",
        handle,
        choices=("guide",),
        pending=(Pending("guide", _typed),),
        keeps=("guide",),
    ),
)
