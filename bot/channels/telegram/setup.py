"""Building the Bot API client from the settings, and registering the webhook."""

from __future__ import annotations

from telegram import Bot, BotCommand
from telegram.request import HTTPXRequest

from bot.channels.telegram.adapter import WEBHOOK_PATH
from bot.config import Settings

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
# Shown by Telegram's command menu, per language of the person's app.
COMMANDS = {
    "es": [
        ("menu", "Temas y opciones"),
        ("help", "Cómo usar Rumbo"),
        ("language", "Cambiar idioma"),
        ("human", "Hablar con una persona"),
        ("delete", "Borrar mis datos"),
    ],
    "en": [
        ("menu", "Topics and options"),
        ("help", "How to use Rumbo"),
        ("language", "Change language"),
        ("human", "Talk to a person"),
        ("delete", "Delete my data"),
    ],
}


def build_bot(settings: Settings, *, pool_size: int = 64, read_timeout: float = 5.0) -> Bot:
    """A Bot for RUMBO_TELEGRAM_API_URL; long polling gets its own connection."""
    assert settings.telegram_bot_token, "Telegram is not configured"
    return Bot(
        settings.telegram_bot_token,
        base_url=settings.telegram_api_url,
        base_file_url=file_url(settings.telegram_api_url),
        request=HTTPXRequest(connection_pool_size=pool_size, read_timeout=read_timeout),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
    )


def file_url(api_url: str) -> str:
    """Where files are downloaded, next to the Bot API base: `https://api.telegram.org/bot` ->
    `https://api.telegram.org/file/bot` (tests: the fake on 127.0.0.1)."""
    base = api_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base + "/file/bot"


def webhook_url(settings: Settings) -> str:
    """RUMBO_PUBLIC_URL + /webhooks/telegram."""
    assert settings.public_url, "RUMBO_PUBLIC_URL is not set"
    return settings.public_url.rstrip("/") + WEBHOOK_PATH


async def set_webhook(settings: Settings) -> str:
    """Register the webhook with the secret token and the update kinds Rumbo handles; also
    publish the command menu. Returns the registered URL."""
    url = webhook_url(settings)
    async with build_bot(settings, pool_size=2) as bot:
        await bot.set_webhook(
            url=url, secret_token=settings.telegram_secret, allowed_updates=ALLOWED_UPDATES
        )
        for lang, commands in COMMANDS.items():
            await bot.set_my_commands(
                [BotCommand(name, description) for name, description in commands],
                language_code=lang,
            )
    return url
