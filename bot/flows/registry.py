"""The flows, registered once. A flow reads a Turn and adds replies and effects.

Flows never import channels, storage or web: they are plain functions over data.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.dialogue.turn import Turn
from bot.flows import (
    answer,
    fallback,
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

Flow = Callable[[Turn, str | None], None]

FLOWS: dict[str, Flow] = {
    "safety": safety.handle,
    "optout": privacy.optout,
    "optin": privacy.optin,
    "optout_hint": privacy.optout_hint,
    "erase_request": privacy.erase_request,
    "erase_answer": privacy.erase_answer,
    "greet": menu.greet,
    "menu": menu.menu,
    "topic": menu.topic,
    "help": menu.help_,
    "smalltalk": menu.smalltalk,
    "language": language.choose,
    "set_language": language.set_language,
    "unsupported_language": language.unsupported,
    "answer": answer.handle,
    "article": answer.article,
    "fallback": fallback.handle,
    "handoff": handoff.handle,
    "waiting": handoff.waiting,
    "leave_queue": handoff.leave_queue,
    "queue_confirm": handoff.queue_confirm,
    "queue_answer": handoff.queue_answer,
    "shelter_place": safety.shelter_place,
    "services": services.start,
    "services_text": services.from_text,
    "services_place": services.from_place,
    "services_location": services.from_location,
    "empty": input_problems.empty,
    "media": input_problems.media,
    "bad_number": input_problems.bad_number,
    "unknown_command": input_problems.unknown_command,
    "guide": guide.handle,
    "rating": rating.handle,  # (#18)
}
