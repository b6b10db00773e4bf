"""Delivers stored replies through the Bot API and maps its errors to the outbox's vocabulary."""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

import httpx
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.channels.outbox import SendError

CHANNEL = "telegram"
DEFAULT_LOCATION_LABEL = "📍"

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


def seconds(value: int | float | timedelta) -> float:
    """A retry_after as seconds: PTB gives an int today and a timedelta with PTB_TIMEDELTA."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def retry_after_of(exc: RetryAfter) -> float:
    """The wait Telegram asked for, without tripping PTB's int-to-timedelta deprecation."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return seconds(exc.retry_after)


def markup(payload: dict[str, Any]) -> Markup:
    """Inline buttons from payload["buttons"]; else a one-time location button when asked."""
    rows = payload.get("buttons")
    if rows:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
                for row in rows
            ]
        )
    request = payload.get("request_location")
    if request:
        label = request if isinstance(request, str) else DEFAULT_LOCATION_LABEL
        return ReplyKeyboardMarkup(
            [[KeyboardButton(label, request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    return None


def send_error(exc: TelegramError) -> SendError:
    """Telegram's failure as a typed SendError; retry logic reads the flags, never the text."""
    # Order matters: BadRequest and TimedOut are NetworkError subclasses in PTB.
    if isinstance(exc, RetryAfter):
        return SendError("telegram_429", retryable=True, retry_after=retry_after_of(exc))
    if isinstance(exc, Forbidden):
        return SendError("telegram_403", retryable=False, unreachable=True)
    if isinstance(exc, BadRequest):
        return SendError("telegram_400", retryable=False)
    if isinstance(exc, ChatMigrated):
        return SendError("telegram_chat_migrated", retryable=False)
    if isinstance(exc, TimedOut) and not _never_sent(exc):
        # The request reached Telegram and its answer did not come back in time: the message
        # may well have been delivered, and the Bot API has no idempotency key, so sending it
        # again could double it. Not repeated; the console shows the reason.
        return SendError("telegram_timeout_unconfirmed", retryable=False)
    if isinstance(exc, InvalidToken):
        # A configuration fault, not this message's: keep it queued while the token is fixed.
        return SendError("telegram_invalid_token", retryable=True)
    if isinstance(exc, NetworkError):
        return SendError("telegram_network", retryable=True)
    return SendError(f"telegram_{type(exc).__name__}", retryable=False)


def _never_sent(exc: TimedOut) -> bool:
    """A timeout before the request left (no free connection, no connection made)."""
    cause = exc.__cause__
    return isinstance(cause, httpx.PoolTimeout | httpx.ConnectTimeout)


class TelegramSender:
    """The outbox Sender for channel "telegram": one sendMessage per stored reply."""

    channel = CHANNEL

    def __init__(self, bot: Bot):
        self.bot = bot

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str | None:
        """Send the rendered payload (HTML parse mode) to a chat; return Telegram's message_id."""
        try:
            sent = await self.bot.send_message(
                chat_id=int(address),
                text=payload["text"],
                parse_mode=payload.get("parse_mode", "HTML"),
                reply_markup=markup(payload),
            )
        except TelegramError as exc:
            raise send_error(exc) from exc
        return str(sent.message_id)

    async def announce(self, chat_id: str, text: str) -> None:
        """A plain-text message without link preview (the caseworkers' group)."""
        try:
            await self.bot.send_message(chat_id=chat_id, text=text, disable_web_page_preview=True)
        except TelegramError as exc:
            raise send_error(exc) from exc
