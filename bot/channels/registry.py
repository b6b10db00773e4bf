"""The channels, listed once. Adding a channel is a new folder plus one line here."""

from __future__ import annotations

from collections.abc import Callable

from bot.channels.render import ChannelProfile, Renderer
from bot.channels.sms.profile import profile as sms_route
from bot.channels.sms.render import SmsChannel
from bot.channels.sms.render import render as render_sms
from bot.channels.telegram.render import TelegramProfile
from bot.channels.telegram.render import render as render_telegram
from bot.channels.web.render import WebProfile
from bot.channels.web.render import render as render_web
from bot.config import Settings

# The dict forms of the renderers (state in, state out), for callers holding a plain dict.
RENDERERS: dict[str, Renderer] = {
    "telegram": render_telegram,
    "sms": render_sms,
    "web": render_web,
}


def channel_profiles(settings: Settings | None = None) -> dict[str, ChannelProfile]:
    """How each channel renders and what it remembers; the engine gets these from the wiring.
    SMS uses the configured route profile (`RUMBO_SMS_PROFILE`), gsm7 without settings."""
    return {
        "telegram": TelegramProfile(),
        "sms": SmsChannel(lambda: sms_route(settings.sms_profile if settings else None)),
        "web": WebProfile(),
    }


def _telegram_enabled(settings: Settings) -> bool:
    return settings.telegram_enabled


def _sms_enabled(settings: Settings) -> bool:
    return settings.sms_enabled


# Channel adapters with an SDK behind them, imported only when configured. Each module offers
# `routes()`, `async start(runtime) -> {channel: Sender}`, `async background(runtime) -> [tasks]`
# and `async stop(runtime)`.
CHANNEL_MODULES: dict[str, tuple[str, Callable[[Settings], bool]]] = {
    "telegram": ("bot.channels.telegram.adapter", _telegram_enabled),
    "sms": ("bot.channels.sms.adapter", _sms_enabled),
}
