"""Caps on urgent tickets per source, so a flood cannot bury real emergencies.

Thirty danger messages from one unauthenticated source (the web chat without a cookie, each a
new "person") would open thirty urgent tickets and alert the caseworkers' group thirty times.
Past `per_hour` new urgent tickets from one source, a danger message joins that source's open
urgent ticket (a "joined" event names its conversation) instead of opening another. The person
still gets the full emergency reply: the flow runs as always, only the ticket is shared. With
nothing open to join, a new ticket opens anyway: a cap never drops an emergency.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import ratelimit
from bot.storage import repository as repo
from bot.storage.models import Conversation, Ticket, TicketEvent

WINDOW_SECONDS = 3600


async def request_ticket(
    session: AsyncSession,
    conversation: Conversation,
    *,
    priority: str,
    reason: str,
    topic: str | None,
    lang: str | None,
    source: str | None,
    per_hour: int,
    danger: str | None = None,
    written_lang: str | None = None,
) -> Ticket:
    """Open (or raise) a ticket like `repo.request_ticket`, within the source's urgent cap."""
    opened = await _capped_join(session, conversation, priority, reason, source, per_hour)
    if opened is not None:
        return opened
    return await repo.request_ticket(
        session,
        conversation,
        priority=priority,
        reason=reason,
        topic=topic,
        lang=lang,
        danger=danger,
        source=source,
        written_lang=written_lang,
    )


async def _capped_join(
    session: AsyncSession,
    conversation: Conversation,
    priority: str,
    reason: str,
    source: str | None,
    per_hour: int,
) -> Ticket | None:
    """The source's open urgent ticket this request joins when over the cap, else None."""
    if source is None or priority != "urgent":
        return None
    own = await repo.open_ticket(session, conversation.id)
    if own is not None and own.priority == "urgent":
        return None  # nothing new: the conversation's own urgent ticket stays
    key = f"urgent:{source}"
    if await ratelimit.hit(session, key, window_seconds=WINDOW_SECONDS) <= per_hour:
        return None
    target = await session.scalar(
        select(Ticket)
        .where(
            Ticket.source == source,
            Ticket.priority == "urgent",
            Ticket.status.in_(repo.OPEN_TICKET),
        )
        .order_by(Ticket.id.desc())
        .limit(1)
    )
    if target is None:
        return None
    session.add(
        TicketEvent(
            ticket_id=target.id,
            kind="joined",
            detail=f"conversation {conversation.id}: {reason} (urgent cap for this source)",
        )
    )
    return target
