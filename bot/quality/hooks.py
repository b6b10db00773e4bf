"""The engine's one storage hook for the quality loop: after a turn's flow, before its state
is saved, write the turn's labels, a rating the person pressed, and an unanswered question."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue.turn import Turn
from bot.quality import store
from bot.storage.crypto import Protector

CLARIFY_KINDS = ("did_you_mean", "clarify")


async def after_turn(
    session: AsyncSession,
    protector: Protector,
    turn: Turn,
    *,
    channel: str,
    contact_id: int,
    flow_name: str,
    now: datetime,
) -> None:
    """Record the turn; a turn that erases the person's data records nothing and removes what
    the quality loop kept of them."""
    rated: Any = turn.state.rated
    turn.state.rated = None
    if turn.effects.erase:
        await store.forget_person(session, protector, contact_id)
        return
    person = store.person_key(protector, contact_id)
    clarify = any(r.kind in CLARIFY_KINDS for r in turn.replies)
    article = turn.article_ids[0] if len(turn.article_ids) == 1 and not clarify else None
    await store.record_turn(
        session,
        person=person,
        channel=channel,
        lang=turn.lang,
        flow=flow_name,
        topic=turn.topic,
        article_id=article,
        fallback=turn.fallback,
        clarify=clarify,
        urgent=turn.urgent,
        danger=turn.danger_category if turn.urgent else None,
        province=turn.state.province or turn.province,
        text=turn.text if turn.inbound.kind == "text" else "",
        now=now,
    )
    if isinstance(rated, dict) and rated.get("article"):
        await store.record_rating(
            session,
            person=person,
            channel=channel,
            lang=turn.lang,
            article_id=str(rated["article"]),
            value=int(rated.get("value") or 0),
            now=now,
        )
