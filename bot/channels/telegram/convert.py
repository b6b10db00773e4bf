"""Telegram updates to channel-neutral decisions: what a stored update asks the channel to do.

The only place that reads Telegram's object shapes. The result is an `InboundMessage` for the
engine, or one of a few small instructions (ignore, decline a group, note a block), so no raw
payload travels further.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Chat, ChatMember, Message, Update, User

from bot.media import policy
from bot.messages import InboundMessage, Location

CHANNEL = "telegram"
MEDIA_FIELDS = (
    "photo",
    "sticker",
    "voice",
    "document",
    "video",
    "video_note",
    "audio",
    "animation",
    "contact",
)


@dataclass(frozen=True, slots=True)
class Ignore:
    """Nothing to do (edited messages, channel posts, update kinds we did not ask for)."""

    reason: str


@dataclass(frozen=True, slots=True)
class DeclineGroup:
    """A group or channel wrote to the bot, or added it: decline once, process nothing."""

    chat_id: str
    lang: str | None


@dataclass(frozen=True, slots=True)
class Reachability:
    """A private chat blocked (`reachable=False`) or unblocked the bot."""

    chat_id: str
    reachable: bool


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file of a message, to fetch with getFile (bot/channels/telegram/media.py)."""

    file_id: str
    declared: str  # the mime type Telegram reports ("" when it gives none)
    size: int | None = None


@dataclass(frozen=True, slots=True)
class PersonMessage:
    """A person's message for the engine; `callback_query_id` must be answered; `files` are
    fetched and joined to `inbound` before the turn."""

    inbound: InboundMessage
    callback_query_id: str | None = None
    files: tuple[FileRef, ...] = ()


UpdateOutcome = Ignore | DeclineGroup | Reachability | PersonMessage


def order_key(data: dict[str, Any]) -> str | None:
    """The chat an update belongs to (raw JSON, before any parsing): updates of one chat are
    processed one at a time, in update_id order."""
    for kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
        chat = (data.get(kind) or {}).get("chat") or {}
        if "id" in chat:
            return str(chat["id"])
    query = data.get("callback_query") or {}
    chat = (query.get("message") or {}).get("chat") or {}
    if "id" in chat:
        return str(chat["id"])
    if "id" in (query.get("from") or {}):
        return str(query["from"]["id"])
    chat = (data.get("my_chat_member") or {}).get("chat") or {}
    return str(chat["id"]) if "id" in chat else None


def lang_hint(user: User | None) -> str | None:
    """Spanish or English from the person's Telegram language ("es-419" counts as "es")."""
    code = (user.language_code or "") if user else ""
    base = code.split("-")[0].lower()
    return base if base in ("es", "en") else None


def decide(update: Update) -> UpdateOutcome:
    """What to do with one update."""
    if update.edited_message or update.edited_channel_post or update.channel_post:
        return Ignore("edited or channel post")
    if update.my_chat_member is not None:
        return _member_change(update)
    if update.callback_query is not None:
        return _callback(update)
    if update.message is not None:
        return _message(update.update_id, update.message)
    return Ignore("unhandled update kind")


def _private(chat: Chat | None) -> bool:
    return chat is not None and chat.type == Chat.PRIVATE


def _member_change(update: Update) -> UpdateOutcome:
    change = update.my_chat_member
    assert change is not None
    chat_id = str(change.chat.id)
    status = change.new_chat_member.status
    if _private(change.chat):
        if status == ChatMember.BANNED:
            return Reachability(chat_id, reachable=False)
        if status == ChatMember.MEMBER:
            return Reachability(chat_id, reachable=True)
        return Ignore("member change")
    if status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR):
        return DeclineGroup(chat_id, lang_hint(change.from_user))
    return Ignore("left a group")


def _callback(update: Update) -> UpdateOutcome:
    query = update.callback_query
    assert query is not None
    message = query.message
    chat = message.chat if message is not None else None
    if chat is not None and not _private(chat):
        return DeclineGroup(str(chat.id), lang_hint(query.from_user))
    inbound = InboundMessage(
        channel=CHANNEL,
        user=str(chat.id if chat is not None else query.from_user.id),
        kind="choice",
        choice_id=query.data or "menu",
        external_id=str(update.update_id),
        lang_hint=lang_hint(query.from_user),
    )
    return PersonMessage(inbound, callback_query_id=query.id)


def _message(update_id: int, message: Message) -> UpdateOutcome:
    if not _private(message.chat):
        return DeclineGroup(str(message.chat.id), lang_hint(message.from_user))
    inbound = InboundMessage(
        channel=CHANNEL,
        user=str(message.chat.id),
        external_id=str(update_id),
        lang_hint=lang_hint(message.from_user),
    )
    if message.location is not None:
        inbound.kind = "location"
        inbound.location = Location(message.location.latitude, message.location.longitude)
    elif message.text is not None:
        inbound.text = message.text
        if message.text.startswith("/"):
            inbound.kind = "command"
            inbound.text = _without_bot_name(message.text)
    elif any(getattr(message, name, None) for name in MEDIA_FIELDS):
        inbound.kind = "media"
        inbound.text = message.caption or ""
        return PersonMessage(inbound, files=files_of(message))
    else:
        inbound.kind = "unsupported"
    return PersonMessage(inbound)


def files_of(message: Message) -> tuple[FileRef, ...]:
    """The files worth fetching (#voice, #audio, #photosize, #document), and videos, which are
    refused without a download. Stickers and contacts are no files for a person to see."""
    if message.voice is not None:
        voice = message.voice
        return (FileRef(voice.file_id, voice.mime_type or "audio/ogg", voice.file_size),)
    if message.audio is not None:
        audio = message.audio
        return (FileRef(audio.file_id, audio.mime_type or "", audio.file_size),)
    if message.photo:
        # The largest size Telegram made that is within the limit (the last is the original).
        sizes = sorted(message.photo, key=lambda p: (p.file_size or 0, p.width * p.height))
        fitting = [p for p in sizes if (p.file_size or 0) <= policy.MAX_BYTES] or sizes[:1]
        best = fitting[-1]
        return (FileRef(best.file_id, "image/jpeg", best.file_size),)
    if message.document is not None:
        document = message.document
        return (FileRef(document.file_id, document.mime_type or "", document.file_size),)
    for name in ("video", "video_note", "animation"):
        video = getattr(message, name, None)
        if video is not None:
            return (FileRef(video.file_id, "video/mp4", video.file_size),)
    return ()


def _without_bot_name(text: str) -> str:
    """`/menu@RumboBot extra` -> `/menu extra`: the router knows commands without the suffix."""
    command, sep, rest = text.partition(" ")
    return command.split("@", 1)[0] + sep + rest
