"""What the caseworkers' Telegram group is told, from the catalogue (Spanish by default).

Only the ticket number, its priority and a console link: never personal data.
"""

from __future__ import annotations

from bot.i18n import N_, gettext

PRIORITIES = {"urgent": N_("URGENT"), "normal": N_("normal")}


def urgent_announcement(ticket_id: int, priority: str, link: str, *, lang: str = "es") -> str:
    """The announcement of a new ticket."""
    label = gettext(lang, PRIORITIES.get(priority, priority))
    first = gettext(lang, "Ticket #%(id)s · priority: %(priority)s", id=ticket_id, priority=label)
    return f"{first}\n{link}"
