"""The channels, listed once. Adding a channel is an adapter plus one line in ADAPTERS.

Importing this module imports no SDK: adapters import theirs in `start()`, only when enabled.
`RENDERERS` is what the engine and the caseworker replies render with, each adapter's own
`render` (a test checks they agree); the web chat has a renderer but no adapter (it answers
inside the request, not through the outbox).
"""

from __future__ import annotations

from bot.channels.contract import ChannelAdapter
from bot.channels.render import ChannelProfile, Renderer, WholeTextProfile
from bot.channels.sms.adapter import TwilioAdapter
from bot.channels.sms.profile import profile as sms_route
from bot.channels.sms.render import SmsChannel
from bot.channels.sms.whatsapp_render import render as render_whatsapp
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.render import TelegramProfile
from bot.channels.web.render import render as render_web
from bot.config import Settings


def all_adapters() -> list[ChannelAdapter]:
    """One fresh adapter of every channel (an adapter holds one app's clients)."""
    return [
        TelegramAdapter(),
        TwilioAdapter(scheme="sms"),
        TwilioAdapter(scheme="whatsapp"),
    ]


def enabled_adapters(settings: Settings) -> list[ChannelAdapter]:
    """The adapters whose configuration is present."""
    return [adapter for adapter in all_adapters() if adapter.enabled(settings)]


# The dict forms of the renderers (state in, state out), for callers holding a plain dict.
RENDERERS: dict[str, Renderer] = {adapter.name: adapter.render for adapter in all_adapters()} | {
    "web": render_web
}


def channel_profiles(settings: Settings | None = None) -> dict[str, ChannelProfile]:
    """How each channel renders and what it remembers; the engine gets these from the wiring.
    SMS uses the configured route profile (`RUMBO_SMS_PROFILE`), gsm7 without settings."""
    return {
        "telegram": TelegramProfile(),
        "sms": SmsChannel(lambda: sms_route(settings.sms_profile if settings else None)),
        "whatsapp": WholeTextProfile("whatsapp", render_whatsapp),
        "web": WholeTextProfile("web", render_web),
    }
