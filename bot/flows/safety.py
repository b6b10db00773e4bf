"""Safety first: emergency information before anything else, then an urgent ticket.

```mermaid
flowchart LR
  msg[message with a danger signal] --> info[ECU 911 + sourced protection lines]
  info --> ticket[urgent ticket] --> tell[a person will write soon]
```
"""

from __future__ import annotations

from bot.engine.turn import Turn
from bot.handoff import policy
from bot.knowledge.models import KnowledgeBase, Service
from bot.messages import Choice

EMERGENCY_ID = "ecu-911"
# Lines shown after ECU 911, by id, in order; each comes from knowledge_base/services/.
PROTECTION_LINE_IDS = ("fiscalia-1800-delito", "defensoria-publica")
# ECU 911 is the national emergency number (ecuador_facts.md §7.1); used only if the service
# entry is missing, so the safety reply can never be empty.
EMERGENCY_FALLBACK = "ECU 911 (911)"


def emergency_number(kb: KnowledgeBase) -> str:
    """How to name the emergency line in a sentence: "ECU 911 (911)"."""
    service = kb.services.get(EMERGENCY_ID)
    if service is None or not service.phone:
        return EMERGENCY_FALLBACK
    return (
        f"{service.name} ({service.phone})" if service.phone not in service.name else service.name
    )


def protection_lines(kb: KnowledgeBase) -> list[Service]:
    """The sourced national protection lines that have a phone number."""
    found = [kb.services.get(service_id) for service_id in PROTECTION_LINE_IDS]
    return [s for s in found if s is not None and s.phone]


def emergency_text(turn: Turn) -> tuple[str, str]:
    """Full and SMS versions of the emergency information."""
    intro = turn.t("urgent_intro", emergency=emergency_number(turn.kb))
    lines = [f"- {s.name}: {s.phone}" for s in protection_lines(turn.kb)]
    full = intro if not lines else "\n".join([intro, turn.t("urgent_lines"), *lines])
    short_lines = [f"{s.name}: {s.phone}" for s in protection_lines(turn.kb)[:1]]
    short = " ".join([intro, *short_lines])
    return full, short


def handle(turn: Turn, _arg: str | None = None) -> None:
    """Send emergency information first, then open an urgent ticket."""
    full, short = emergency_text(turn)
    turn.say(full, short=short, kind="urgent")
    decision = policy.decide(policy.Signals(danger=turn.danger, intent=policy.URGENT_INTENT))
    turn.effects.ticket = decision.ticket(policy.danger_category(turn.danger))
    turn.say(turn.t("urgent_ticket"), choices=[Choice("menu", turn.t("choice_menu"))])
    turn.remember_choices([Choice("menu", turn.t("choice_menu"))])
    turn.urgent = True
    turn.handoff = True
