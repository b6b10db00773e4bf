"""Talk to a person: a ticket is opened and the person is told honestly what happens next.

```mermaid
flowchart LR
  ask[HUMANO / button / words] --> ticket[ticket queued]
  ticket --> tell[a caseworker will answer in this chat]
  tell --> meanwhile[sourced contact nearby]
  ticket -.unclaimed.-> answers[questions still answered + a person will also answer]
  ticket -.claimed.-> waiting[messages go to the caseworker]
  ticket -->|MENU| confirm{1 menu, keep waiting / 2 close my case}
  confirm -->|1| menu[menu; case stays open]
  confirm -->|2| leave[leave the queue]
```
"""

from __future__ import annotations

from bot.dialogue import policy
from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.flows.safety import emergency_number
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
    turn.effects.ticket = decision.ticket(turn.state.last_topic)
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
    turn.state.choices = []


# Readings of a message that asks for help with nothing more ("ayudame", "i need help").
PLEAS = frozenset({"help", "urgent_help"})


def waiting(turn: Turn, _arg: str | None = None) -> None:
    """While a ticket is open the bot stays quiet, except to say a person will answer."""
    turn.handoff = True
    if turn.state.waiting_told:
        if turn.ticket_urgent and turn.intent in PLEAS:
            # "ayudame" while an urgent ticket waits: never silence to a plea (the wait was said)
            turn.say(turn.t("waiting_plea", emergency=emergency_number(turn.kb)), kind="waiting")
        return
    turn.state.waiting_told = True
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
    """The person chose to close their case: leave the queue and go back to the assistant."""
    from bot.flows.menu import show_menu

    turn.effects.leave_queue = True
    turn.state.waiting_told = False
    show_menu(turn, intro=turn.t("handoff_left"))


QUEUE_CHOICES = ("queue:menu", "queue:close")


def queue_confirm(turn: Turn, _arg: str | None = None) -> None:
    """MENU (or a menu button) while a ticket is open: ask before anything leaves the queue.
    The question is the numbered list a digit answers next (DESIGN: the digit rule)."""
    turn.handoff = True
    choices = [
        Choice("queue:menu", turn.t("choice_queue_menu")),
        Choice("queue:close", turn.t("choice_queue_close")),
    ]
    turn.say(turn.t("queue_confirm"), choices=choices, kind="ask")
    turn.remember_choices(choices)


def queue_answer(turn: Turn, arg: str | None = None) -> None:
    """The answer to `queue_confirm`: the menu with the case kept open, or close the case."""
    from bot.flows.menu import show_menu

    if arg == "close":
        leave_queue(turn)
        return
    show_menu(turn, intro=turn.t("queue_kept"))


# Flows whose answer, while a ticket waits unclaimed, gets the line that a person will also answer.
ANSWERING_FLOWS = frozenset(
    {
        "answer",
        "followup",
        "article",
        "topic",
        "services",
        "services_text",
        "services_place",
        "services_location",
        "guide",
        "help",
    }
)


def add_also_person(turn: Turn, flow_name: str) -> None:
    """Waiting is not silence: an answer given while a ticket waits says a person will also
    answer (once claimed, messages go to the caseworker instead)."""
    if not turn.ticket_open or turn.ticket_claimed or flow_name not in ANSWERING_FLOWS:
        return
    if not turn.replies:
        return
    turn.handoff = True
    last = turn.replies[-1]
    last.text = f"{last.text}\n\n{turn.t('waiting_also_person')}"
    if last.short is not None:
        last.short = f"{last.short}\n{turn.t('waiting_also_person_short')}"


SPECS = (
    FlowSpec(
        "handoff",
        handle,
        keywords=dict.fromkeys(
            ["humano", "persona", "agente", "human", "person", "agent", "/human", "/humano"]
        ),
        intents={"human_handoff": None},
        choices=("human",),
        while_waiting=True,
    ),
    FlowSpec("waiting", waiting),
    FlowSpec("leave_queue", leave_queue, while_claimed=True),
    FlowSpec("queue_confirm", queue_confirm),
    FlowSpec("queue_answer", queue_answer, choices=("queue",), while_claimed=True),
)
