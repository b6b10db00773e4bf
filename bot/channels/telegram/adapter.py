"""The Telegram channel module the app loads when TELEGRAM_BOT_TOKEN is set.

Webhook (`RUMBO_PUBLIC_URL` set) or long polling (no public URL); either way every update is
stored before it is acknowledged and processed by the worker. Replies leave through the shared
outbox with `TelegramSender`.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram.error import InvalidToken, TelegramError

from bot.channels.host import ChannelHost
from bot.channels.outbox import Sender
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.polling import Poller
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.setup import WEBHOOK_PATH, build_bot

log = logging.getLogger(__name__)

EXTRA = "telegram"


async def _webhook(request: Request) -> Response:
    channel: TelegramChannel | None = request.app.state.runtime.extras.get(EXTRA)
    if channel is None:  # not started (should not happen once the lifespan ran)
        return Response(status_code=503)
    return await channel.webhook(request)


def routes() -> list[Route]:
    """POST /webhooks/telegram."""
    return [Route(WEBHOOK_PATH, _webhook, methods=["POST"])]


async def start(runtime: ChannelHost) -> dict[str, Sender]:
    """Open the Bot API client and the channel; return the sender for the outbox."""
    bot = build_bot(runtime.settings)
    try:
        await bot.initialize()  # getMe: checks the token
    except InvalidToken:
        # PTB's message contains the token itself: do not let it reach the logs.
        raise RuntimeError("TELEGRAM_BOT_TOKEN was rejected by the Bot API") from None
    except TelegramError as exc:
        # Telegram unreachable at start-up must not take SMS and the console down with it:
        # updates are still stored, and sends are retried by the outbox.
        log.warning("telegram getMe failed at start-up", extra={"error": type(exc).__name__})
    runtime.extras[EXTRA] = TelegramChannel(runtime, bot)
    return {"telegram": TelegramSender(bot)}


async def background(runtime: ChannelHost) -> list[asyncio.Task[None]]:
    """The update worker, plus the poller when there is no public URL for a webhook."""
    if not runtime.settings.run_workers:
        return []
    channel: TelegramChannel = runtime.extras[EXTRA]
    tasks = [asyncio.create_task(channel.worker.run_forever(), name="telegram-worker")]
    if not runtime.settings.public_url:
        poller = Poller(channel.bot, channel.accept_polled)
        tasks.append(asyncio.create_task(poller.run_forever(), name="telegram-poller"))
        log.info("telegram: long polling (no RUMBO_PUBLIC_URL)")
    return tasks


async def stop(runtime: ChannelHost) -> None:
    """Close the Bot API client."""
    channel: TelegramChannel | None = runtime.extras.pop(EXTRA, None)
    if channel is not None:
        await channel.bot.shutdown()
