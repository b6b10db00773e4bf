"""What a flow answers, declared next to the flow: the router composes these declarations.

A flow module ends with `SPECS = (FlowSpec(...), ...)`, one per flow it offers, and the module
is listed once in `bot/flows/registry.py`. Nothing else names the flow: the router reads its
keywords, commands, intents, choice ids and pending questions from here, in the fixed order
documented in `bot/engine/router.py` (safety first).

```python
def handle(turn: Turn, _arg: str | None = None) -> None:
    turn.say(turn.t("rating_ask"))

SPECS = (FlowSpec("rating", handle, keywords={"opinion": None}, intents={"rate": None}),)
```
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.dialogue.turn import Turn

Route = tuple[str, str | None]
Flow = Callable[[Turn, str | None], None]
# When a pending question is read: before the whole-message keywords (a yes/no that must not
# unsubscribe: "CANCELAR" answers "delete your data?"), or after them (free text).
Stage = Literal["before_keywords", "after_keywords"]


@dataclass(frozen=True, slots=True)
class Pending:
    """A question a flow asked (`turn.state.pending` equals `question`, or starts with
    `question:`) and how the next message answers it: `read` gives the route, or None when
    that message is no answer. `on`: what it reads, typed text or a shared location."""

    question: str
    read: Callable[[Turn], Route | None]
    stage: Stage = "after_keywords"
    on: Literal["text", "location"] = "text"

    def asked(self, pending: str) -> bool:
        """Whether the conversation's pending question is this one."""
        return pending == self.question or pending.startswith(f"{self.question}:")


@dataclass(frozen=True, slots=True)
class FlowSpec:
    """One flow and everything that routes to it.

    - `keywords`: whole messages (trimmed, case- and accent-insensitive) -> the flow's argument.
    - `commands`: a slash command -> a reader of its payload (`/start topic`) giving the route.
    - `intents`: NLU intents -> the argument (read after every rule above, by meaning).
    - `choices`: the heads of the choice ids it answers (`topic` answers `topic:health`); the
      part after the colon is its argument.
    - `pending`: the questions it reads the answer of (see `Pending`).
    - `keeps`: the pending questions it answers, so running it does not drop them (any other
      flow does: MENU, HUMANO or a button leave the question).
    - `kinds`: inbound kinds it answers when no pending question reads them (`location`,
      `media`, `unsupported`).
    - `while_claimed`: still acts when a caseworker owns the conversation (BAJA, BORRAR, MAS).
    - `while_waiting`: a question read by meaning still gets this flow while a ticket waits.
    - `opted_out`: still replies to a person who opted out; `emergency`: its replies are sent
      even after an opt-out (the outbox's `emergency` payload).
    """

    name: str
    handle: Flow
    keywords: Mapping[str, str | None] = field(default_factory=dict)
    commands: Mapping[str, Callable[[Turn, str], Route]] = field(default_factory=dict)
    intents: Mapping[str, str | None] = field(default_factory=dict)
    choices: tuple[str, ...] = ()
    pending: tuple[Pending, ...] = ()
    keeps: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    while_claimed: bool = False
    while_waiting: bool = False
    opted_out: bool = False
    emergency: bool = False
