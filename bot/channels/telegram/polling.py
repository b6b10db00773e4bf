"""Long polling for a laptop with no public address: getUpdates feeds the same store-then-process
path as the webhook. The offset (Telegram's acknowledgement) moves only past stored updates."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot
from telegram.error import RetryAfter

from bot.channels.telegram.sender import retry_after_of
from bot.channels.telegram.setup import ALLOWED_UPDATES

log = logging.getLogger(__name__)

Store = Callable[[dict[str, Any]], Awaitable[bool]]
MAX_BACKOFF = 30.0


class Poller:
    """getUpdates in a loop; each update is handed to `store` before the offset passes it."""

    def __init__(self, bot: Bot, store: Store, *, timeout: int = 25):
        self.bot = bot
        self.store = store
        self.timeout = timeout
        self.offset: int | None = None
        self.started = False

    async def start(self) -> None:
        """Polling and a webhook exclude each other: drop a webhook left from a deployment."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        self.started = True

    async def poll_once(self) -> int:
        """One getUpdates call; return how many updates were stored."""
        updates = await self.bot.get_updates(
            offset=self.offset, timeout=self.timeout, allowed_updates=ALLOWED_UPDATES
        )
        stored = 0
        for update in updates:
            if await self.store(update.to_dict()):
                stored += 1
            self.offset = update.update_id + 1
        return stored

    async def run_forever(self) -> None:
        """Poll until cancelled, backing off on errors (never silently)."""
        failures = 0
        while True:
            try:
                if not self.started:
                    await self.start()
                await self.poll_once()
                failures = 0
            except asyncio.CancelledError:
                raise
            except RetryAfter as exc:
                await asyncio.sleep(retry_after_of(exc))
            except Exception as exc:  # noqa: BLE001 - Bot API or database down: back off, retry
                failures += 1
                wait = min(2.0**failures, MAX_BACKOFF)
                # InvalidToken's text holds the token, a DB error's the data: log the kind only.
                log.warning(
                    "telegram polling failed",
                    extra={"error": type(exc).__name__, "retry_in": wait},
                )
                await asyncio.sleep(wait)
