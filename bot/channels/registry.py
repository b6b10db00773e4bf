"""The channels, listed once. Adding a channel is an adapter plus one line in ADAPTERS.

Importing this module imports no SDK: adapters import theirs in `start()`, only when enabled.
`RENDERERS` is what the engine and the caseworker replies render with, each adapter's own
`render` (a test checks they agree); the web chat has a renderer but no adapter (it answers
inside the request, not through the outbox).
"""

from __future__ import annotations

from bot.channels.contract import ChannelAdapter
from bot.channels.render import Renderer
from bot.channels.sms.adapter import TwilioAdapter
from bot.channels.telegram.adapter import TelegramAdapter
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


RENDERERS: dict[str, Renderer] = {adapter.name: adapter.render for adapter in all_adapters()} | {
    "web": render_web
}
