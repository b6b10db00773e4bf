"""The Telegram channel of one app process: webhook intake, processing of stored updates, and
the few Telegram-only effects (group decline, blocked chats, answering callback queries)."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from telegram import Bot, Update
from telegram.error import TelegramError

from bot import safejson
from bot.channels.host import ChannelHost
from bot.channels.telegram import convert
from bot.channels.telegram.inbox import ClaimedUpdate, Inbox
from bot.channels.telegram.render import render
from bot.channels.telegram.worker import Worker
from bot.dialogue.texts import text as translate
from bot.messages import OutboundMessage
from bot.storage import repository as repo

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1_000_000  # an Update is a few kB; anything this big is not from Telegram
MAX_UPDATE_ID = 2**63 - 1  # stored in a BIGINT


class BadUpdate(ValueError):
    """The body is not JSON, or not a Telegram Update."""


class TelegramChannel:
    """Everything Telegram needs in one process, built at start-up from the runtime."""

    def __init__(self, runtime: ChannelHost, bot: Bot):
        self.runtime = runtime
        self.bot = bot
        self.inbox = Inbox(runtime.db, runtime.protector)
        self.worker = Worker(
            self.inbox, self.process, concurrency=runtime.settings.turn_concurrency
        )
        secret = runtime.settings.telegram_secret
        self._secret = secret.encode() if secret else None

    # --- intake -------------------------------------------------------------------------------

    def authentic(self, header: str | None) -> bool:
        """The secret header matches, compared in constant time; no secret set = no webhook."""
        if self._secret is None:
            return False
        return hmac.compare_digest((header or "").encode(), self._secret)

    def parse(self, body: bytes) -> tuple[int, dict[str, Any]]:
        """The update_id and the JSON object of a body that is a valid Update."""
        try:
            data = safejson.loads(body)
        except ValueError as exc:  # UnicodeDecodeError, deep nesting, NaN, lone surrogates
            raise BadUpdate("not JSON") from exc
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            raise BadUpdate("not an Update")
        if not 0 <= update_id <= MAX_UPDATE_ID:
            raise BadUpdate("update_id out of range")
        try:
            Update.de_json(data, self.bot)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise BadUpdate("not an Update") from exc
        return data["update_id"], data

    async def accept(self, update_id: int, data: dict[str, Any]) -> bool:
        """Store an update (which wakes the workers); False for a repeated update_id."""
        return await self.inbox.store(update_id, convert.order_key(data), data)

    async def accept_polled(self, data: dict[str, Any]) -> bool:
        """The poller's entry: same store-then-process path as the webhook."""
        return await self.accept(int(data["update_id"]), data)

    async def webhook(self, request: Request) -> Response:
        """POST /webhooks/telegram: authenticate, validate, store, then 200."""
        if not self.authentic(request.headers.get(SECRET_HEADER)):
            self._count("forbidden")
            return Response(status_code=403)
        body = await _read_limited(request)
        if body is None:
            self._count("too_large")
            return Response(status_code=413)
        try:
            update_id, data = self.parse(body)
        except BadUpdate:
            self._count("bad_request")
            return Response(status_code=400)
        stored = await self.accept(update_id, data)
        self._count("stored" if stored else "duplicate")
        return Response(status_code=200)

    def _count(self, outcome: str) -> None:
        self.runtime.count_webhook("telegram", outcome)

    # --- processing -----------------------------------------------------------------------------

    async def process(self, item: ClaimedUpdate) -> None:
        """Act on one stored update. Raising leaves it pending for a retry."""
        decision = convert.decide(Update.de_json(item.payload, self.bot))
        if isinstance(decision, convert.PersonMessage):
            if decision.callback_query_id:
                await self._answer_callback(decision.callback_query_id)
            async with self.runtime.turn_slots:
                result = await self.runtime.engine.handle(decision.inbound)
            if result.outbound_ids:
                self._wake_outbox()
        elif isinstance(decision, convert.DeclineGroup):
            if await self._decline_group(decision):
                self._wake_outbox()
        elif isinstance(decision, convert.Reachability):
            await self._set_reachable(decision)

    async def _answer_callback(self, query_id: str) -> None:
        # Telegram shows a spinner until answered; a late or failed answer must not cost the
        # person their reply, so the turn goes on either way.
        try:
            await self.bot.answer_callback_query(query_id)
        except TelegramError as exc:
            log.warning("answerCallbackQuery failed", extra={"error": type(exc).__name__})

    async def _decline_group(self, decision: convert.DeclineGroup) -> bool:
        """Queue the polite decline the first time a group shows up; True when queued."""
        lang = decision.lang or self.runtime.settings.default_lang
        async with self.runtime.db.sessions.begin() as session:
            contact, created = await repo.get_or_create_contact(
                session, self.runtime.protector, convert.CHANNEL, decision.chat_id
            )
            if not created:
                return False
            contact.lang = lang
            conversation, _ = await repo.get_or_create_conversation(session, contact)
            reply = OutboundMessage(translate("group_declined", lang), kind="notice")
            for item in render([reply], lang=lang, state={}):
                await repo.queue_outbound(
                    session, conversation, text=item.text, payload=item.payload
                )
        return True

    async def _set_reachable(self, decision: convert.Reachability) -> None:
        async with self.runtime.db.sessions.begin() as session:
            contact = await repo.find_contact(
                session, self.runtime.protector, convert.CHANNEL, decision.chat_id
            )
            if contact is not None:
                contact.unreachable = not decision.reachable

    def _wake_outbox(self) -> None:
        self.runtime.wake_outbox()


async def _read_limited(request: Request) -> bytes | None:
    """The body, or None when it exceeds MAX_BODY (checked while reading, not trusted from
    Content-Length alone)."""
    declared = request.headers.get("content-length")
    if (
        declared is not None
        and declared.isascii()
        and declared.isdigit()
        and int(declared) > MAX_BODY
    ):
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
