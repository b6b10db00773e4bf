"""The Telegram channel adapter (bot.channels.contract.ChannelAdapter).

Webhook (`RUMBO_PUBLIC_URL` set) or long polling (no public URL); either way every update is
stored in the shared inbound queue before it is acknowledged, and processed by the one inbound
worker (`process`). Replies leave through the shared
outbox with `send`. The caseworkers' group announcer (bot/handoff/notify.py) writes through
`announce`, on the same Bot API client. The SDK is imported in `start()`, only when configured.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.channels.outbox import SendError
from bot.channels.telegram.render import render
from bot.config import Settings

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost
    from bot.channels.telegram.channel import TelegramChannel
    from bot.channels.telegram.sender import TelegramSender
    from bot.storage.inbound import QueuedEvent

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/telegram"


class TelegramAdapter:
    """The Bot API channel of one app process."""

    name = "telegram"
    render = staticmethod(render)

    def __init__(self) -> None:
        self.channel: TelegramChannel | None = None
        self.sender: TelegramSender | None = None

    def enabled(self, settings: Settings) -> bool:
        """TELEGRAM_BOT_TOKEN is set."""
        return settings.telegram_enabled

    def routes(self) -> list[BaseRoute]:
        """POST /webhooks/telegram."""
        return [Route(WEBHOOK_PATH, self._webhook, methods=["POST"])]

    async def _webhook(self, request: Request) -> Response:
        if self.channel is None:  # not started (should not happen once the lifespan ran)
            return Response(status_code=503)
        return await self.channel.webhook(request)

    async def start(self, runtime: ChannelHost) -> None:
        """Open the Bot API client (getMe checks the token) and the channel."""
        from telegram.error import InvalidToken, TelegramError

        from bot.channels.telegram.channel import TelegramChannel
        from bot.channels.telegram.sender import TelegramSender
        from bot.channels.telegram.setup import build_bot

        bot = build_bot(runtime.settings)
        try:
            await bot.initialize()
        except InvalidToken:
            # PTB's message contains the token itself: do not let it reach the logs.
            raise RuntimeError("TELEGRAM_BOT_TOKEN was rejected by the Bot API") from None
        except TelegramError as exc:
            # Telegram unreachable at start-up must not take SMS and the console down with it:
            # updates are still stored, and sends are retried by the outbox.
            log.warning("telegram getMe failed at start-up", extra={"error": type(exc).__name__})
        self.channel = TelegramChannel(runtime, bot)
        self.sender = TelegramSender(bot)

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str | None:
        """One stored reply through sendMessage."""
        if self.sender is None:
            raise SendError("telegram_not_started", retryable=True)
        return await self.sender.send(address, payload, message_id=message_id)

    async def announce(self, chat_id: str, text: str) -> None:
        """A plain message to the caseworkers' group (no preview); SendError on failure."""
        if self.sender is None:
            raise SendError("telegram_not_started", retryable=True)
        await self.sender.announce(chat_id, text)

    def classify(self, exc: BaseException) -> SendError:
        """Telegram's failure as a typed SendError."""
        from telegram.error import TelegramError

        from bot.channels.telegram.sender import send_error

        if isinstance(exc, SendError):
            return exc
        if isinstance(exc, TelegramError):
            return send_error(exc)
        return SendError(f"telegram_{type(exc).__name__}", retryable=False)

    async def process(self, event: QueuedEvent) -> None:
        """One stored update, from the shared inbound queue."""
        if self.channel is None:
            raise RuntimeError("telegram is not started")  # retried: the event stays
        await self.channel.process(event)

    async def background(self, runtime: ChannelHost) -> list[asyncio.Task[None]]:
        """The poller when there is no public URL for a webhook (the shared inbound worker
        processes what either stores)."""
        from bot.channels.telegram.polling import Poller

        assert self.channel is not None, "start() first"
        channel = self.channel
        tasks: list[asyncio.Task[None]] = []
        if not runtime.settings.public_url:
            poller = Poller(channel.bot, channel.accept_polled)
            tasks.append(asyncio.create_task(poller.run_forever(), name="telegram-poller"))
            log.info("telegram: long polling (no RUMBO_PUBLIC_URL)")
        return tasks

    async def stop(self, runtime: ChannelHost) -> None:
        """Close the Bot API client."""
        channel, self.channel, self.sender = self.channel, None, None
        if channel is not None:
            await channel.bot.shutdown()
