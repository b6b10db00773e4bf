"""Stored media: voice notes, photos and documents, encrypted, attached to their message.

The bytes are sealed with the Protector (Fernet, key derived from RUMBO_SECRET_KEY) in the
`media` table, which every app process shares. The message's payload lists what came with it
(`media`: id, kind, type, size; or the problem of a refused file), which the console's
transcript reads. Erasure (`repository.erase_conversation`, `purge_contact`) and retention
(`retention.run_retention`) delete the rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Attachment
from bot.storage.crypto import Protector
from bot.storage.models import Media, Message


@dataclass(frozen=True, slots=True)
class StoredInbound:
    """The inbound message the files came with, as the engine has just stored it."""

    message_id: int
    conversation_id: int
    contact_id: int
    payload: dict[str, Any]


# Sealing 10 MB takes tens of milliseconds: done off the event loop.
INLINE_BYTES = 256 * 1024


async def attach(
    session: AsyncSession,
    protector: Protector,
    message: StoredInbound,
    attachments: Sequence[Attachment],
) -> list[dict[str, Any]]:
    """Store the accepted files of an inbound message and note every file (refused ones too)
    in its payload; returns the notes."""
    notes: list[dict[str, Any]] = []
    for attachment in attachments:
        if not attachment.ok:
            notes.append({"kind": attachment.kind, "problem": attachment.problem})
            continue
        sealed = await _seal(protector, attachment.data)
        row = Media(
            message_id=message.message_id,
            conversation_id=message.conversation_id,
            contact_id=message.contact_id,
            kind=attachment.kind,
            content_type=attachment.content_type,
            size=len(attachment.data),
            data_enc=sealed,
        )
        session.add(row)
        await session.flush()
        notes.append(
            {
                "id": row.id,
                "kind": row.kind,
                "type": row.content_type,
                "size": row.size,
            }
        )
    if notes:
        await session.execute(
            update(Message)
            .where(Message.id == message.message_id)
            .values(payload={**message.payload, "media": notes})
        )
    return notes


async def _seal(protector: Protector, data: bytes) -> bytes:
    if len(data) <= INLINE_BYTES:
        return protector.encrypt_bytes(data)
    return await asyncio.to_thread(protector.encrypt_bytes, data)


async def load(
    session: AsyncSession, protector: Protector, media_id: int
) -> tuple[Media, bytes] | None:
    """A stored file and its bytes, or None when it is gone or sealed under a lost key."""
    row = await session.get(Media, media_id)
    if row is None:
        return None
    try:
        if row.size <= INLINE_BYTES:
            data = protector.decrypt_bytes(row.data_enc)
        else:
            data = await asyncio.to_thread(protector.decrypt_bytes, row.data_enc)
    except KeyError:
        return None
    return row, data


async def erase_conversations(session: AsyncSession, conversation_ids: Any) -> None:
    """Delete every file of these conversations (ids, or a select of them)."""
    await session.execute(delete(Media).where(Media.conversation_id.in_(conversation_ids)))


async def expire(session: AsyncSession, before: datetime) -> int:
    """Delete the files received before `before` (retention); returns how many."""
    result = await session.execute(delete(Media).where(Media.created_at < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
