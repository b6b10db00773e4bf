"""Messages we cannot read as a question: empty, emoji only, media, bad numbers, commands.

```mermaid
flowchart LR
  empty[empty / emoji] --> ask[ask for words + MENU]
  media[sticker / unknown] --> words[we read text only]
  num[number not offered] --> list[reply with a number from the list]
  cmd[unknown /command] --> cmds[list of commands]
```
"""

from __future__ import annotations

from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.messages import Choice


def _menu_choice(turn: Turn) -> list[Choice]:
    return [Choice("menu", turn.t("choice_menu"))]


def empty(turn: Turn, _arg: str | None = None) -> None:
    """Empty, whitespace, control characters or emoji only."""
    turn.say(turn.t("empty"), choices=_menu_choice(turn))
    turn.remember_choices(_menu_choice(turn))


def media(turn: Turn, _arg: str | None = None) -> None:
    """A sticker, a contact card, something without words we cannot keep (voice notes,
    photos and documents: bot/flows/attachments.py)."""
    turn.say(turn.t("no_text"), choices=_menu_choice(turn))
    turn.remember_choices(_menu_choice(turn))


def bad_number(turn: Turn, _arg: str | None = None) -> None:
    """A number that is not one of the offered options."""
    turn.say(turn.t("bad_number"))


def unknown_command(turn: Turn, _arg: str | None = None) -> None:
    """A /command we do not know."""
    turn.say(turn.t("unknown_command"))


SPECS = (
    FlowSpec("empty", empty),
    FlowSpec("unsupported", media, kinds=("unsupported",)),
    FlowSpec("bad_number", bad_number),
    FlowSpec("unknown_command", unknown_command),
)
