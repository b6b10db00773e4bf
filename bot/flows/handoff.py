"""Talk to a person: a ticket is opened and the person is told honestly what happens next.

```mermaid
flowchart LR
  ask[HUMANO / button / words] --> ticket[ticket queued]
  ticket --> tell[a caseworker will answer in this chat]
  tell --> meanwhile[sourced contact nearby]
  ticket -.open.-> waiting[later messages: wait time]
  waiting -->|MENU| leave[leave the queue]
```
"""

from __future__ import annotations

from bot.engine.turn import Turn
from bot.flows.safety import emergency_number
from bot.handoff import policy
from bot.knowledge.directory import ServiceQuery, find_services
from bot.knowledge.models import Service
from bot.messages import Choice


def meanwhile_contact(turn: Turn) -> Service | None:
    """A sourced contact of a Human Mobility Unit or partner, near the person if we know where."""
    query = ServiceQuery(place=turn.province, kinds=("legal_aid",))
    found = find_services(turn.kb, query, limit=1)
    return found[0] if found else None


def describe(service: Service, lang: str) -> str:
    """One line about a service: name, phone or website."""
    parts = [service.name]
    if service.phone:
        parts.append(service.phone)
    elif service.website:
        parts.append(service.website)
    return ", ".join(parts)


def handle(turn: Turn, _arg: str | None = None) -> None:
    """Open a ticket (or say one is open already)."""
    turn.handoff = True
    if turn.ticket_open:
        turn.say(turn.t("handoff_already"), choices=[Choice("menu", turn.t("choice_menu"))])
        turn.remember_choices([Choice("menu", turn.t("choice_menu"))])
        return
    decision = policy.decide(policy.Signals(asked=True))
    turn.effects.ticket = decision.ticket(turn.state.get("last_topic"))
    lines = [turn.t("handoff_opened")]
    if not turn.within_hours:
        lines.append(
            turn.t(
                "handoff_after_hours",
                hours=turn.working_hours(),
                emergency=emergency_number(turn.kb),
            )
        )
    contact = meanwhile_contact(turn)
    if contact is not None:
        lines.append(f"{turn.t('handoff_meanwhile')} {describe(contact, turn.lang)}.")
    turn.say("\n".join(lines), kind="handoff")
    turn.state["choices"] = []


def waiting(turn: Turn, _arg: str | None = None) -> None:
    """While a ticket is open the bot stays quiet, except to say a person will answer."""
    turn.handoff = True
    if turn.state.get("waiting_told"):
        return
    turn.state["waiting_told"] = True
    wait = turn.expected_wait or turn.t("wait_asap")
    lines = [turn.t("handoff_waiting", wait=wait)]
    if not turn.within_hours:
        lines.append(
            turn.t(
                "handoff_after_hours",
                hours=turn.working_hours(),
                emergency=emergency_number(turn.kb),
            )
        )
    turn.say("\n".join(lines), kind="waiting")


def leave_queue(turn: Turn, _arg: str | None = None) -> None:
    """MENU while waiting: leave the queue and go back to the assistant."""
    from bot.flows.menu import show_menu

    turn.effects.leave_queue = True
    turn.state.pop("waiting_told", None)
    show_menu(turn, intro=turn.t("handoff_left"))
