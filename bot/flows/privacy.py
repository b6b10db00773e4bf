"""STOP/BAJA and START/ALTA, and deleting one's data (BORRAR, /delete) after a confirmation.

```mermaid
flowchart LR
  stop[BAJA] --> out[opted out: nothing more is sent] -->|ALTA| in[back]
  del[BORRAR] --> confirm{SI / NO}
  confirm -->|SI| erased[messages and state deleted]
  confirm -->|NO| kept[nothing deleted]
```
"""

from __future__ import annotations

from bot.dialogue.state import DialogueState
from bot.dialogue.triggers import FlowSpec, Pending, Route
from bot.dialogue.turn import Turn
from bot.messages import Choice


def optout(turn: Turn, _arg: str | None = None) -> None:
    """Unsubscribe: one confirmation, then silence until START."""
    turn.effects.optout = True
    turn.optout = True
    turn.say(turn.t("optout_done"), kind="optout")
    turn.state.choices = []


def optin(turn: Turn, _arg: str | None = None) -> None:
    """Subscribe again."""
    turn.effects.optin = True
    turn.say(turn.t("optin_done"))


def optout_hint(turn: Turn, _arg: str | None = None) -> None:
    """Free text that sounds like "stop writing to me": say the exact keyword that works."""
    turn.say(turn.t("optout_confirm_hint"))


def erase_request(turn: Turn, _arg: str | None = None) -> None:
    """Ask for confirmation before deleting anything."""
    choices = [Choice("erase:yes", turn.t("choice_yes")), Choice("erase:no", turn.t("choice_no"))]
    turn.say(turn.t("erase_confirm"), choices=choices, kind="erase_confirm")
    turn.remember_choices(choices)
    turn.state.pending = "erase"
    turn.erasure = True


def erase_answer(turn: Turn, answer: str | None) -> None:
    """The answer to the confirmation question."""
    turn.state.pending = None
    if answer == "yes":
        turn.effects.erase = True
        turn.erasure = True
        turn.say(turn.t("erase_done"), kind="erased")
        turn.state = DialogueState()
        return
    turn.say(turn.t("erase_cancelled"))


YES = {"si", "sí", "yes", "s", "y", "ok", "dale", "claro", "1"}
NO = {"no", "n", "nop", "nope", "cancelar", "2"}


def _answer(turn: Turn) -> str:
    return turn.text.strip().lower().strip(".!¡¿? ")


def _yes_or_no(turn: Turn) -> Route | None:
    """SI or NO to "delete your data?" (read before keywords: CANCELAR answers, it does not
    unsubscribe here)."""
    answer = _answer(turn)
    if answer in YES:
        return "erase_answer", "yes"
    if answer in NO:
        return "erase_answer", "no"
    return None


def _anything_else(turn: Turn) -> Route | None:
    """Any other text is not a yes: nothing is deleted."""
    answer = _answer(turn)
    if answer in YES:
        return "erase_answer", "yes"
    return ("erase_answer", "no") if answer else None


SPECS = (
    FlowSpec(
        "optout",
        optout,
        keywords=dict.fromkeys(
            [
                "stop",
                "baja",
                "alto",
                "parar",
                "cancelar",
                "fin",
                "unsubscribe",
                "stopall",
                "cancel",
                "end",
                "quit",
                "optout",
                "revoke",
            ]
        ),
        while_claimed=True,
    ),
    FlowSpec(
        "optin",
        optin,
        keywords=dict.fromkeys(["start", "alta", "inicio", "subscribe", "unstop", "iniciar"]),
        while_claimed=True,
        opted_out=True,
    ),
    FlowSpec("optout_hint", optout_hint, intents={"opt_out": None}),
    FlowSpec(
        "erase_request",
        erase_request,
        keywords=dict.fromkeys(
            ["borrar", "delete", "/delete", "borrar mis datos", "delete my data"]
        ),
        intents={"delete_data": None},
        keeps=("erase",),
        while_claimed=True,
        while_waiting=True,
    ),
    FlowSpec(
        "erase_answer",
        erase_answer,
        choices=("erase",),
        pending=(
            Pending("erase", _yes_or_no, stage="before_keywords"),
            Pending("erase", _anything_else),
        ),
        keeps=("erase",),
    ),
)
