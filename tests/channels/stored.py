"""Helpers for the shared-location tests (issue 17): every value the database holds, sealed
values opened, to check that no latitude or longitude outlives the turn."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from bot.storage.models import Base, Contact, Message

# The coordinates of the fixtures as digits that any copy of them (float, string, rounded to
# four places) would contain.
TELEGRAM_DIGITS = ("0.1806", "78.4678")
WHATSAPP_DIGITS = ("0.1807", "78.4678")


async def everything_stored(runtime: Any) -> str:
    """Every value of every row of every table, with sealed values opened, as one text."""
    values: list[str] = []
    async with runtime.db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(text(f"SELECT * FROM {table.name}"))).all():
                for value in row:
                    values.append(str(value))
                    if isinstance(value, str) and ":" in value:
                        try:
                            values.append(runtime.protector.decrypt(value))
                        except Exception:  # noqa: BLE001,S112 - not a sealed value
                            continue
    return "\n".join(values)


async def kept(runtime: Any, channel: str) -> tuple[str | None, dict[str, Any]]:
    async with runtime.db.sessions() as session:
        contact = (await session.scalars(select(Contact).where(Contact.channel == channel))).one()
        inbound = (await session.scalars(select(Message).where(Message.direction == "in"))).one()
    return contact.province, dict(inbound.payload or {})
