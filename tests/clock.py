"""A clock a test moves by hand, for code that takes `clock=` (outbox, engine, notifier): waiting
for a backoff or a lease is one `advance`, not a sleep on the real clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage.models import utcnow


class ManualClock:
    """Returns the same instant until `advance` moves it."""

    def __init__(self, start: datetime | None = None):
        self.now = start or utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(seconds=seconds)
