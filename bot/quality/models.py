"""Tables of the quality loop (migration 0006_quality). None holds an address or a name.

`person` is a keyed hash of the contact row id with its own HKDF purpose: it counts distinct
people for the "groups of 5 or more" rule and links to nothing once the contact is erased.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import ID, Base, utcnow


class TurnStat(Base):
    """One turn, reduced to labels: what the quality page counts."""

    __tablename__ = "quality_turns"
    # `day` is the UTC day; the page groups by the operator's local day from `at` (0008).
    __table_args__ = (Index("ix_quality_turns_day", "day"), Index("ix_quality_turns_at", "at"))

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    flow: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str | None] = mapped_column(String(32))
    article_id: Mapped[str | None] = mapped_column(String(96))
    province: Mapped[str | None] = mapped_column(String(8))
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    clarify: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    danger: Mapped[str | None] = mapped_column(String(32))
    person: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Rating(Base):
    """A 👍 or 👎 on one answer."""

    __tablename__ = "quality_ratings"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    article_id: Mapped[str] = mapped_column(String(96), index=True)
    value: Mapped[int] = mapped_column(Integer)  # +1 | -1
    person: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Flag(Base):
    """A caseworker's mark on a bot answer: wrong, outdated or missing, with a note."""

    __tablename__ = "quality_flags"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), index=True
    )
    article_id: Mapped[str | None] = mapped_column(String(96), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("caseworkers.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Unanswered(Base):
    """A question the assistant could not answer, masked at once (numbers, e-mails, names).

    Shown only in groups of 5 or more people, never exported, deleted by retention."""

    __tablename__ = "quality_unanswered"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))
    person: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
