"""The audit log: who opened or changed which conversation. Supervisors read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import AuditEntry, Caseworker


async def record(
    session: AsyncSession,
    caseworker_id: int | None,
    action: str,
    *,
    conversation_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Add one entry (in the caller's unit of work, so it commits with the action)."""
    session.add(
        AuditEntry(
            caseworker_id=caseworker_id,
            action=action[:32],
            conversation_id=conversation_id,
            detail=detail,
        )
    )


@dataclass(slots=True)
class AuditLine:
    """An entry with the caseworker's name."""

    at: datetime
    caseworker: str
    action: str
    conversation_id: int | None
    detail: str | None
    id: int = 0


PAGE = 200


async def entries(
    session: AsyncSession, *, limit: int = PAGE, before_id: int | None = None
) -> list[AuditLine]:
    """The newest entries first."""
    statement = (
        select(AuditEntry, Caseworker.email)
        .outerjoin(Caseworker, Caseworker.id == AuditEntry.caseworker_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        statement = statement.where(AuditEntry.id < before_id)
    rows = await session.execute(statement)
    return [
        AuditLine(
            entry.at, email or "-", entry.action, entry.conversation_id, entry.detail, entry.id
        )
        for entry, email in rows.all()
    ]
