"""Out of scope, said plainly, with the menu; after two in a row, a person is offered.

```mermaid
flowchart LR
  q[not understood] --> n{fallbacks in a row}
  n -->|1| menu[say so + topics]
  n -->|2+| offer[offer a person]
```
"""

from __future__ import annotations

from bot.dialogue import policy
from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.messages import Choice
from bot.understanding.base import FALLBACK_INTENT

OFFER_AFTER = policy.OFFER_AFTER_FALLBACKS


def handle(turn: Turn, _arg: str | None = None) -> None:
    """Say we cannot answer this, show the topics, and offer a person when stuck."""
    from bot.flows.menu import menu_choices

    turn.fallback = True
    count = turn.state.fallbacks + 1
    turn.state.fallbacks = count
    if policy.decide(policy.Signals(fallbacks_in_row=count)).offers:
        choices = [Choice("human", turn.t("choice_human")), Choice("menu", turn.t("choice_menu"))]
        turn.say(turn.t("fallback_offer_human"), choices=choices, kind="fallback")
        turn.remember_choices(choices)
        turn.handoff = True
        return
    choices = menu_choices(turn)
    turn.say(turn.t("fallback"), choices=choices, kind="fallback")
    turn.remember_choices(choices)


SPECS = (FlowSpec("fallback", handle, intents={"out_of_scope": None, FALLBACK_INTENT: None}),)
