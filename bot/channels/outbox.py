"""The outbox shared by every channel: stored replies are sent, retried, and never doubled.

A reply row is claimed with a short lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`), so several app
processes can run the sender at once. Only the oldest unsent reply of a conversation is eligible,
which keeps replies in order per conversation. Retry logic reads the error's `retryable` flag.

Each send is isolated: whatever one send raises is recorded on that reply (its attempts counted,
MAX_ATTEMPTS at most) and the pass goes on with the next reply. A reply the channel cannot deliver
now but will later (WhatsApp outside the 24-hour window) is `held` until the channel releases it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Select, and_, bindparam, exists, or_, select, update
from sqlalchemy.orm import aliased

from bot.loops import poll_forever
from bot.storage import repository as repo
from bot.storage import wake as wakeups
from bot.storage.crypto import Protector
from bot.storage.db import Database
from bot.storage.models import Contact, Conversation, Message, utcnow

log = logging.getLogger(__name__)
# The claim's rows: a reply, its contact, the sealed address and the contact's two flags.
_Due = Select[Message, int, str | None, bool, bool]

LEASE = timedelta(seconds=60)
# The opt-out guard: after BAJA/STOP only these replies go out (payload flags): the single
# confirmation, the emergency reply to a danger message the person sent after opting out, and a
# caseworker's reply to the urgent ticket that message opened. Everything else stays unsent.
OPTOUT_EXCEPTIONS = ("optout_confirmation", "emergency", "urgent_reply")


def passes_optout(payload: dict[str, Any]) -> bool:
    """A reply that may be sent to a person who opted out."""
    return any(payload.get(flag) for flag in OPTOUT_EXCEPTIONS)


MAX_ATTEMPTS = 8


class SendError(Exception):
    """A send that did not go through. `retryable` decides; the text is never parsed."""

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        unreachable: bool = False,
        opted_out: bool = False,
        held: bool = False,
    ):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.unreachable = unreachable
        self.opted_out = opted_out
        # Not sendable now, sendable later: the reply waits as `held` until the channel
        # puts it back in the queue (WhatsApp: the person writes again).
        self.held = held


class Sender(Protocol):
    """A channel's way of delivering one stored reply (the send part of ChannelAdapter)."""

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str | None:
        """Deliver; return the provider's message id. Raise SendError on failure."""
        ...


@dataclass(slots=True)
class ClaimedReply:
    """A reply taken from the outbox for sending."""

    message_id: int
    conversation_id: int
    contact_id: int
    channel: str
    address: str | None
    payload: dict[str, Any]
    attempts: int
    unreachable: bool = False
    opted_out: bool = False


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    """Wait before the next try: what the provider asked for, else exponential with jitter."""
    if retry_after is not None:
        return timedelta(seconds=max(retry_after, 0.5))
    return timedelta(seconds=min(2**attempts, 300) * (0.8 + 0.4 * random.random()))


class Outbox:
    """Claims due replies and hands them to the channel senders."""

    def __init__(
        self,
        db: Database,
        protector: Protector,
        senders: dict[str, Sender],
        *,
        batch: int = 20,
        lease: timedelta = LEASE,
        clock: Callable[[], datetime] = utcnow,
        on_result: Callable[[str, str], None] | None = None,
    ):
        self.db = db
        self.protector = protector
        self.senders = senders
        self.batch = batch
        self.lease = lease
        self.clock = clock
        self.on_result = on_result
        self.wake = wakeups.waiter("outbox")
        self._due_statement: _Due | None = None
        self._due_channels: tuple[str, ...] = ()
        self.stopping = False

    async def claim(self) -> list[ClaimedReply]:
        """Take up to `batch` due replies, the oldest unsent one of each conversation."""
        now = self.clock()
        claimed = []
        async with self.db.sessions.begin() as session:
            rows = (await session.execute(self._due(), {"now": now})).all()
            for message, contact_id, address_enc, unreachable, opted_out in rows:
                message.status = "sending"
                message.next_attempt_at = now + self.lease
                address = self._address(address_enc)
                claimed.append(
                    ClaimedReply(
                        message.id,
                        message.conversation_id,
                        contact_id,
                        message.channel,
                        address,
                        dict(message.payload or {}),
                        message.attempts,
                        bool(unreachable),
                        bool(opted_out),
                    )
                )
        return claimed

    def _due(self) -> _Due:
        """The claim's statement, built once for these senders and reused with the time bound
        (building it anew each pass was a tenth of a turn process's time, #19)."""
        channels = tuple(self.senders)
        if self._due_statement is not None and self._due_channels == channels:
            return self._due_statement
        now = bindparam("now", type_=Message.next_attempt_at.type)
        older = aliased(Message)
        blocked = exists().where(
            and_(
                older.conversation_id == Message.conversation_id,
                older.direction == "out",
                older.id < Message.id,
                older.status.in_(("queued", "sending")),
            )
        )
        statement = (
            select(
                Message,
                Conversation.contact_id,
                Contact.address_enc,
                Contact.unreachable,
                Contact.opted_out,
            )
            .join(Conversation, Conversation.id == Message.conversation_id)
            .join(Contact, Contact.id == Conversation.contact_id)
            .where(
                Message.direction == "out",
                Message.channel.in_(list(self.senders)),
                or_(
                    and_(Message.status == "queued", Message.next_attempt_at <= now),
                    and_(Message.status == "sending", Message.next_attempt_at <= now),
                ),
                ~blocked,
            )
            .order_by(Message.id)
            .limit(self.batch)
        )
        if not self.db.is_sqlite:
            statement = statement.with_for_update(skip_locked=True, of=Message)
        self._due_statement, self._due_channels = statement, channels
        return statement

    def _address(self, sealed: str | None) -> str | None:
        """The decrypted address; None (the reply then fails as "no address") when it was
        sealed under a key that is no longer configured, instead of failing the whole pass."""
        if not sealed:
            return None
        try:
            return self.protector.decrypt(sealed)
        except Exception as exc:  # noqa: BLE001 - one unreadable row must not stop the outbox
            log.error("address unreadable", extra={"error": type(exc).__name__})
            return None

    async def run_once(self) -> int:
        """Send what is due now; return how many replies were handled."""
        claimed = await self.claim()
        for index, item in enumerate(claimed):
            if self.stopping:
                await self._release(claimed[index:])
                break
            try:
                await self._deliver(item)
            except Exception as exc:  # noqa: BLE001 - one reply's fault never delays the others
                # Raised while recording (the send itself is isolated in _deliver): the claim
                # runs out and the reply is looked at again after the lease.
                log.error(
                    "reply not recorded",
                    extra={"message_id": item.message_id, "error": type(exc).__name__},
                )
        return len(claimed)

    async def _release(self, items: list[ClaimedReply]) -> None:
        """Give claimed replies back at once (on shutdown), so another process sends them now
        instead of after the lease."""
        async with self.db.sessions.begin() as session:
            await session.execute(
                update(Message)
                .where(Message.id.in_([item.message_id for item in items]))
                .where(Message.status == "sending")
                .values(status="queued", next_attempt_at=self.clock())
            )

    async def stop(self, task: asyncio.Task[None], *, grace: float = 10.0) -> None:
        """Graceful stop: the reply being sent finishes and is recorded (a send cut off halfway
        would be sent again by another process: a double), the rest of the batch is released,
        and only then does the loop end. Cancelled if it takes longer than `grace`."""
        self.stopping = True
        self.wake.set()
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            async with asyncio.timeout(grace):
                await asyncio.shield(task)
        task.cancel()

    async def _deliver(self, item: ClaimedReply) -> None:
        sender = self.senders[item.channel]
        if item.address is None:
            await self._finish(item, status="failed", error="no address")
            return
        if item.opted_out and not passes_optout(item.payload):
            await self._finish(item, status="failed", error="opted_out")
            return
        if item.unreachable:
            # The person blocked the bot or the number cannot receive: do not knock again.
            await self._finish(item, status="failed", error="unreachable")
            return
        try:
            provider_id = await sender.send(item.address, item.payload, message_id=item.message_id)
        except SendError as exc:
            await self._failed(item, exc)
            return
        except Exception as exc:  # noqa: BLE001 - a bug or an unmapped SDK error: counted, bounded
            error = SendError(f"unexpected_{type(exc).__name__}"[:64], retryable=True)
            await self._failed(item, error)
            return
        await self._finish(item, status="sent", provider_id=provider_id)

    async def _finish(
        self,
        item: ClaimedReply,
        *,
        status: str,
        provider_id: str | None = None,
        error: str | None = None,
    ) -> None:
        async with self.db.sessions.begin() as session:
            values: dict[str, Any] = {
                "status": status,
                "attempts": item.attempts + 1,
                "last_error": error,
                "next_attempt_at": None,
            }
            if status == "sent":
                values["sent_at"] = self.clock()
                values["provider_id"] = provider_id
            # Only while the claim holds: an SMS delivery report may already have moved the
            # reply on (confirmed, delivered, or failed and queued again).
            await session.execute(
                update(Message)
                .where(Message.id == item.message_id, Message.status == "sending")
                .values(**values)
            )
            if item.payload.get("erase_after_send"):
                await repo.purge_contact(session, item.contact_id)
        if item.payload.get("erase_after_send"):
            await self.db.settle_erasure()
        log.debug(
            "reply finished",
            extra={"channel": item.channel, "message_id": item.message_id, "status": status},
        )
        if self.on_result:
            self.on_result(item.channel, status if error is None else error)

    async def _failed(self, item: ClaimedReply, exc: SendError) -> None:
        attempts = item.attempts + 1
        async with self.db.sessions.begin() as session:
            if exc.unreachable or exc.opted_out:
                contact = await session.get(Contact, item.contact_id)
                if contact is not None:
                    contact.unreachable = contact.unreachable or exc.unreachable
                    if exc.opted_out and not contact.opted_out:
                        contact.opted_out, contact.opted_out_at = True, self.clock()
                if exc.opted_out:
                    # The provider refuses (Twilio 21610 after the person's own STOP): the
                    # console shows in red that nothing can reach them on this channel.
                    await repo.mark_ticket_event(
                        session, item.conversation_id, repo.PROVIDER_BLOCKED
                    )
            retry = exc.retryable and attempts < MAX_ATTEMPTS
            status = "held" if exc.held else "queued" if retry else "failed"
            values: dict[str, Any] = {
                "attempts": attempts,
                "last_error": exc.reason[:255],
                "status": status,
                "next_attempt_at": self.clock() + backoff(attempts, exc.retry_after)
                if retry and not exc.held
                else None,
            }
            await session.execute(
                update(Message)
                .where(Message.id == item.message_id, Message.status == "sending")
                .values(**values)
            )
            given_up = status == "failed"
            if given_up and item.payload.get("erase_after_send"):
                await repo.purge_contact(session, item.contact_id)
        if given_up and item.payload.get("erase_after_send"):
            await self.db.settle_erasure()
        log.warning(
            "send failed",
            extra={
                "channel": item.channel,
                "reason": exc.reason,
                "retryable": exc.retryable,
                "attempts": attempts,
            },
        )
        if self.on_result:
            self.on_result(item.channel, exc.reason)

    async def run_forever(self, interval: float = 1.0) -> None:
        """Poll the outbox until cancelled or stopped; `wake` makes it look at once."""
        await poll_forever(
            self.run_once,
            name="outbox",
            interval=interval,
            wake=self.wake,
            stopping=lambda: self.stopping,
        )
