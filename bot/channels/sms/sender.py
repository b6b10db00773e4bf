"""The outbox's sender for Twilio (SMS and WhatsApp): a last guard for opted-out numbers, then
the provider; on WhatsApp also the 24-hour window (window.py).

The engine already stays silent to a person who sent STOP, but a reply queued just before the
STOP (or one a caseworker writes later) would still be in the outbox. So every send checks the
contact first: after an opt-out only three kinds of reply may go out, until START: the single
confirmation, the emergency reply to a danger message the person sent after it, and a
caseworker's reply to the urgent ticket that message opened. The provider may still refuse
(Twilio 21610 after the person's own STOP): the console then says nothing can reach them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot import gsm7
from bot.channels.host import ChannelHost
from bot.channels.outbox import SendError, passes_optout
from bot.channels.sms import window
from bot.channels.sms.provider import SMS, WHATSAPP, SmsProvider
from bot.storage.models import Contact, Conversation, Message

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost

STATUS_PATH = "/webhooks/twilio/status"


class TwilioSender:
    """Sends stored replies of one scheme through one provider, with a status callback.

    The callback URL carries the reply's outbox id (`?m=`): Twilio signs the whole URL, and its
    reports then confirm a send even when the process that made it died before recording the
    Twilio id, so the outbox does not send that message a second time."""

    def __init__(self, runtime: ChannelHost, provider: SmsProvider, scheme: str = SMS) -> None:
        self.runtime = runtime
        self.provider = provider
        self.scheme = scheme
        self.channel = scheme
        public = runtime.settings.public_url
        self.status_callback = f"{public.rstrip('/')}{STATUS_PATH}" if public else None

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str | None:
        """Deliver one reply; SendError(opted_out) when the number unsubscribed, SendError(held)
        when WhatsApp's window is closed (the template is then queued)."""
        if not passes_optout(payload) and await self._opted_out(message_id):
            # Our own guard (a race with the outbox's): not the provider refusing.
            raise SendError("opted_out", retryable=False)
        callback = f"{self.status_callback}?m={message_id}" if self.status_callback else None
        if self.scheme == WHATSAPP:
            return await self._whatsapp(address, payload, message_id, callback)
        body = payload.get("body") or gsm7.strip_to_gsm7(str(payload.get("text") or ""))
        if self.runtime.settings.sms_profile == "ascii1":
            # a strict local route rejects what the renderer did not fold (caseworker replies)
            body = gsm7.to_ascii(body)
        if not body.strip():
            raise SendError("empty_body", retryable=False)
        return await self.provider.send(address, body, status_callback=callback)

    async def _whatsapp(
        self, address: str, payload: dict[str, Any], message_id: int, callback: str | None
    ) -> str | None:
        template = payload.get("template")
        if template:
            sid = window.template_sid(self.runtime.settings, str(template))
            if not sid:
                raise SendError("no_template_configured", retryable=False)
            return await self.provider.send(address, "", status_callback=callback, content_sid=sid)
        if not await window.window_open(self.runtime, message_id):
            await self._hold(message_id)
            raise SendError("window_closed", retryable=False, held=True)
        body = str(payload.get("body") or payload.get("text") or "")
        if not body.strip():
            raise SendError("empty_body", retryable=False)
        try:
            return await self.provider.send(address, body, status_callback=callback)
        except SendError as exc:
            if exc.held:  # Twilio's 63016: our clock thought the window was open
                await self._hold(message_id)
            raise

    async def _hold(self, message_id: int) -> None:
        """Queue the "a reply is waiting" template for this reply's conversation, once."""
        async with self.runtime.db.sessions.begin() as session:
            conversation_id = await session.scalar(
                select(Message.conversation_id).where(Message.id == message_id)
            )
            queued = conversation_id is not None and await window.ask_to_read(
                self.runtime, session, conversation_id
            )
        if queued:
            self.runtime.wake_outbox()

    async def _opted_out(self, message_id: int) -> bool:
        statement = (
            select(Contact.opted_out)
            .join(Conversation, Conversation.contact_id == Contact.id)
            .join(Message, Message.conversation_id == Conversation.id)
            .where(Message.id == message_id)
        )
        async with self.runtime.db.sessions() as session:
            return bool(await session.scalar(statement))
