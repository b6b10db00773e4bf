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

from bot.dialogue.turn import Turn
from bot.messages import Choice


def optout(turn: Turn, _arg: str | None = None) -> None:
    """Unsubscribe: one confirmation, then silence until START."""
    turn.effects.optout = True
    turn.optout = True
    turn.say(turn.t("optout_done"), kind="optout")
    turn.state["choices"] = []


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
    turn.state["pending"] = "erase"
    turn.erasure = True


def erase_answer(turn: Turn, answer: str | None) -> None:
    """The answer to the confirmation question."""
    turn.state.pop("pending", None)
    if answer == "yes":
        turn.effects.erase = True
        turn.erasure = True
        turn.say(turn.t("erase_done"), kind="erased")
        turn.state.clear()
        return
    turn.say(turn.t("erase_cancelled"))
