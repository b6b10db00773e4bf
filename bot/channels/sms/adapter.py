"""The Twilio channel adapter, one class for SMS and WhatsApp (`scheme="sms"` or `"whatsapp"`).

Both schemes share the provider code, the signature check, the inbound queue, the sender and
the delivery-status webhook; they differ in the webhook path, the sender (RUMBO_TWILIO_FROM or
RUMBO_WHATSAPP_FROM), the renderer, and WhatsApp's 24-hour window. The twilio SDK is imported in
`start()`, only when configured.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.channels.outbox import SendError
from bot.channels.render import Renderer
from bot.channels.sms import inbox, webhooks
from bot.channels.sms.provider import SMS, WHATSAPP, SmsProvider
from bot.channels.sms.render import render as render_sms
from bot.channels.sms.sender import STATUS_PATH, TwilioSender
from bot.channels.sms.whatsapp_render import render as render_whatsapp
from bot.config import Settings
from bot.loops import poll_forever
from bot.storage import wake

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost

log = logging.getLogger(__name__)

PATHS = {SMS: "/webhooks/twilio/sms", WHATSAPP: "/webhooks/twilio/whatsapp"}
RENDERERS: dict[str, Renderer] = {SMS: render_sms, WHATSAPP: render_whatsapp}


class InboxWorker:
    """The worker that turns stored inbound messages of one scheme into turns."""

    def __init__(self, runtime: ChannelHost, channel: str) -> None:
        self.runtime = runtime
        self.channel = channel
        self.wake = wake.waiter("inbound")

    async def run_once(self) -> int:
        """Process what is due."""
        return await inbox.run_once(self.runtime, self.channel)

    async def run_forever(self, interval: float = 1.0) -> None:
        """Until cancelled; the webhook wakes it after storing a delivery."""
        await poll_forever(
            self.run_once, name=f"inbox-{self.channel}", interval=interval, wake=self.wake
        )


class TwilioAdapter:
    """SMS or WhatsApp through one Twilio account."""

    def __init__(self, scheme: str = SMS) -> None:
        assert scheme in PATHS, scheme
        self.scheme = scheme
        self.name = scheme
        self.render: Renderer = RENDERERS[scheme]
        self.provider: SmsProvider | None = None
        self.sender: TwilioSender | None = None
        self.worker: InboxWorker | None = None

    def enabled(self, settings: Settings) -> bool:
        """Twilio credentials are set (and, for WhatsApp, RUMBO_WHATSAPP_FROM)."""
        return settings.whatsapp_enabled if self.scheme == WHATSAPP else settings.sms_enabled

    def routes(self) -> list[BaseRoute]:
        """The inbound webhook of this scheme, and the shared status webhook (the app mounts a
        path once)."""
        return [
            Route(PATHS[self.scheme], self._inbound, methods=["POST"]),
            Route(STATUS_PATH, self._status, methods=["POST"]),
        ]

    async def _inbound(self, request: Request) -> Response:
        if self.provider is None:
            return Response(status_code=503)
        wake = self.worker.wake if self.worker is not None else None
        return await webhooks.inbound(request, self.provider, self.scheme, wake)

    async def _status(self, request: Request) -> Response:
        if self.provider is None:
            return Response(status_code=503)
        return await webhooks.status(request, self.provider)

    def _sender_id(self, settings: Settings) -> str | None:
        return settings.whatsapp_from if self.scheme == WHATSAPP else settings.twilio_from

    async def start(self, runtime: ChannelHost) -> None:
        """Build the provider (inside the running loop: its HTTP session needs it)."""
        from bot.channels.sms.twilio_provider import TwilioProvider

        settings = runtime.settings
        assert settings.twilio_account_sid and settings.twilio_auth_token
        self.provider = TwilioProvider(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            sender=self._sender_id(settings),
            api_url=settings.twilio_api_url,
            scheme=self.scheme,
        )
        self.sender = TwilioSender(runtime, self.provider, self.scheme)
        self.worker = InboxWorker(runtime, self.scheme)
        if not settings.public_url:
            log.warning(
                "Twilio enabled without RUMBO_PUBLIC_URL: its webhooks will get 403",
                extra={"channel": self.scheme},
            )
        if not self._sender_id(settings):
            log.warning("no Twilio sender configured: replies cannot be sent")
        if self.scheme == WHATSAPP and not settings.whatsapp_template_sid:
            log.warning("WhatsApp without RUMBO_WHATSAPP_TEMPLATE_SID: replies after 24 h wait")

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str | None:
        """One stored reply through the REST API."""
        if self.sender is None:
            raise SendError("twilio_not_started", retryable=True)
        return await self.sender.send(address, payload, message_id=message_id)

    def classify(self, exc: BaseException) -> SendError:
        """Twilio's or the network's failure as a typed SendError."""
        from bot.channels.sms.twilio_provider import send_error

        if isinstance(exc, SendError):
            return exc
        if isinstance(exc, Exception):
            return send_error(exc)
        return SendError(f"twilio_{type(exc).__name__}", retryable=False)

    async def background(self, runtime: ChannelHost) -> list[asyncio.Task[None]]:
        """The inbound worker of this scheme."""
        assert self.worker is not None, "start() first"
        return [asyncio.create_task(self.worker.run_forever(), name=f"inbox-{self.scheme}")]

    async def stop(self, runtime: ChannelHost) -> None:
        """Close the provider's HTTP session."""
        provider, self.provider, self.sender = self.provider, None, None
        if provider is not None:
            await provider.close()
