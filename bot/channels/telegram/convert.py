"""Telegram updates to channel-neutral decisions: what a stored update asks the channel to do.

The only place that reads Telegram's object shapes. The result is an `InboundMessage` for the
engine, or one of a few small instructions (ignore, decline a group, note a block), so no raw
payload travels further.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Chat, ChatMember, Message, Update, User

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
class PersonMessage:
    """A person's message for the engine; `callback_query_id` must be answered."""

    inbound: InboundMessage
    callback_query_id: str | None = None


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
    else:
        inbound.kind = "unsupported"
    return PersonMessage(inbound)


def _without_bot_name(text: str) -> str:
    """`/menu@RumboBot extra` -> `/menu extra`: the router knows commands without the suffix."""
    command, sep, rest = text.partition(" ")
    return command.split("@", 1)[0] + sep + rest
