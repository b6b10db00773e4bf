"""The channels, listed once. Adding a channel is a new folder plus one line here."""

from __future__ import annotations

from collections.abc import Callable

from bot.channels.render import Renderer
from bot.channels.sms.render import render as render_sms
from bot.channels.telegram.render import render as render_telegram
from bot.channels.web.render import render as render_web
from bot.config import Settings

RENDERERS: dict[str, Renderer] = {
    "telegram": render_telegram,
    "sms": render_sms,
    "web": render_web,
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
