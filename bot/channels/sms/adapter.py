"""The SMS channel as the app loads it: routes, start (provider + sender), background, stop.

Imported by bot/web/app.py only when Twilio credentials are configured (CHANNEL_MODULES).
"""

from __future__ import annotations

import asyncio
import logging

from starlette.routing import BaseRoute, Route

from bot.channels.host import ChannelHost
from bot.channels.outbox import Sender
from bot.channels.sms import inbox, webhooks
from bot.channels.sms.sender import SmsSender
from bot.channels.sms.twilio_provider import TwilioProvider

log = logging.getLogger(__name__)


def routes() -> list[BaseRoute]:
    """The two Twilio webhooks."""
    return [
        Route("/webhooks/twilio/sms", webhooks.inbound, methods=["POST"]),
        Route("/webhooks/twilio/status", webhooks.status, methods=["POST"]),
    ]


async def start(runtime: ChannelHost) -> dict[str, Sender]:
    """Build the provider (inside the running loop: its HTTP session needs it) and the sender."""
    settings = runtime.settings
    assert settings.twilio_account_sid and settings.twilio_auth_token
    provider = TwilioProvider(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token,
        sender=settings.twilio_from,
        api_url=settings.twilio_api_url,
    )
    runtime.extras["sms_provider"] = provider
    runtime.extras["sms_wake"] = asyncio.Event()
    if not settings.public_url:
        log.warning("SMS enabled without RUMBO_PUBLIC_URL: Twilio webhooks will get 403")
    if not settings.twilio_from:
        log.warning("SMS enabled without RUMBO_TWILIO_FROM: replies cannot be sent")
    return {"sms": SmsSender(runtime, provider)}


async def background(runtime: ChannelHost) -> list[asyncio.Task[None]]:
    """The worker that turns stored inbound SMS into turns (only where workers run)."""
    if not runtime.settings.run_workers:
        return []
    wake = runtime.extras["sms_wake"]
    return [asyncio.create_task(inbox.run_forever(runtime, wake))]


async def stop(runtime: ChannelHost) -> None:
    """Close the provider's HTTP session."""
    provider = runtime.extras.pop("sms_provider", None)
    if provider is not None:
        await provider.close()
