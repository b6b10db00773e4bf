"""Fetching a Telegram message's files through the Bot API: getFile, then the file download
(https://core.telegram.org/bots/api#getfile), with python-telegram-bot's own HTTP stack and the
bot's base URLs (RUMBO_TELEGRAM_API_URL; files from its `/file/bot` sibling).

Sizes are checked before the download (the update's and getFile's `file_size`) and after it;
types by the file's first bytes (bot.media.policy). A file that cannot be fetched is reported,
never raised: the words of the message still get their turn.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot
from telegram.error import TelegramError

from bot.channels.telegram.convert import FileRef
from bot.media import policy
from bot.messages import Attachment

log = logging.getLogger(__name__)


async def download(bot: Bot, files: Sequence[FileRef]) -> list[Attachment]:
    """Every file, checked, in order (at most policy.MAX_FILES)."""
    return [await fetch(bot, ref) for ref in files[: policy.MAX_FILES]]


async def fetch(bot: Bot, ref: FileRef) -> Attachment:
    """One file; refused (with why) when it is not one we take."""
    if not policy.declared_acceptable(ref.declared):
        return policy.refused(ref.declared, policy.UNSUPPORTED)
    if ref.size is not None and ref.size > policy.MAX_BYTES:
        return policy.refused(ref.declared, policy.TOO_BIG)
    try:
        found = await bot.get_file(ref.file_id)
        if found.file_size is not None and found.file_size > policy.MAX_BYTES:
            return policy.refused(ref.declared, policy.TOO_BIG)
        data = await found.download_as_bytearray()
    except (TelegramError, RuntimeError) as exc:
        # Only the type: the download URL holds the bot token.
        log.warning("telegram file download failed", extra={"error": type(exc).__name__})
        return policy.refused(ref.declared, policy.UNAVAILABLE)
    return policy.check(bytes(data), ref.declared)
