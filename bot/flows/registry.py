"""The flows, registered once: each module declares its flows and what routes to them (`SPECS`,
see bot/dialogue/triggers.py); adding a flow is a new module plus one line in `MODULES`.

Flows never import channels, storage or web: they are plain functions over data.
"""

from __future__ import annotations

from bot.dialogue.triggers import Flow, FlowSpec
from bot.flows import (
    answer,
    attachments,
    fallback,
    followup,
    guide,
    handoff,
    input_problems,
    language,
    menu,
    privacy,
    rating,
    safety,
    services,
)

# Registration: one line per flow module. The order does not route (bot/engine/router.py does).
MODULES = (
    safety,
    privacy,
    menu,
    language,
    answer,
    fallback,
    followup,
    handoff,
    services,
    input_problems,
    attachments,
    guide,
    rating,
)

SPECS: tuple[FlowSpec, ...] = tuple(spec for module in MODULES for spec in module.SPECS)
FLOWS: dict[str, Flow] = {spec.name: spec.handle for spec in SPECS}

__all__ = ["FLOWS", "MODULES", "SPECS", "Flow"]
