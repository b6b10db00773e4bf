"""Twilio as the SMS and WhatsApp provider: signatures, webhook forms, sending with the async
REST client. One class, parameterised by the address scheme (`sms` or `whatsapp`).

The twilio SDK is imported here and nowhere else. Sending uses `AsyncTwilioHttpClient`, so no
request blocks the event loop; its request log is kept quiet because it would show the account.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from typing import Any

import aiohttp
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from bot.channels.outbox import SendError
from bot.channels.sms.provider import (
    SMS,
    STATUS_RANK,
    WHATSAPP,
    DeliveryReport,
    InboundSms,
    MalformedWebhook,
    normalise_number,
    scheme_of,
)

log = logging.getLogger(__name__)

SID = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")
SEND_TIMEOUT = 10.0

# Twilio answers these whole-message replies itself on long codes and toll-free numbers (default
# opt-out handling, which cannot be switched off without Twilio support); Rumbo must not add a
# second confirmation. Spanish keywords only count when Advanced Opt-Out reports `OptOutType`.
TWILIO_DEFAULT_STOP = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
TWILIO_DEFAULT_START = frozenset({"START", "UNSTOP"})
ANSWERED_OPT_OUT_TYPES = frozenset({"STOP", "START"})

OPTED_OUT = 21610
# WhatsApp: free-form message outside the 24-hour window (only an approved template may open a
# business-initiated conversation): https://www.twilio.com/docs/api/errors/63016
WINDOW_CLOSED = 63016
MAX_MEDIA = 10  # Twilio numbers media parameters MediaUrl0..; more than this is not from Twilio
MAX_URL = 512  # a MediaUrl is about 150 characters
# Errors that say this number will never take an SMS from us: retrying only costs money.
UNREACHABLE = frozenset({21211, 21214, 21612, 21614, 21408, 30005, 30006})
RATE_LIMITED = frozenset({429, 20429, 14107})
# Delivery failures worth another try later: queue overflow, carrier's unknown error, a lost part.
RETRYABLE_DELIVERY = frozenset({"30001", "30008", "30009", "20429", "429"})


def quiet_logger() -> logging.Logger:
    """The SDK logs every request at INFO (URL, account, headers); keep that out of our logs."""
    logger = logging.getLogger("bot.channels.sms.twilio_http")
    logger.setLevel(logging.WARNING)
    return logger


def send_error(exc: Exception) -> SendError:
    """Map what the SDK or the network raised to our small vocabulary of send errors."""
    if isinstance(exc, TwilioRestException | TwilioServiceException):
        code = _int(getattr(exc, "code", None))
        status = _int(getattr(exc, "status", None)) or 0
        if code == OPTED_OUT:
            return SendError("opted_out", retryable=False, opted_out=True)
        if code == WINDOW_CLOSED:
            return SendError("twilio_63016", retryable=False, held=True)
        if code in RATE_LIMITED or status == 429:
            return SendError("rate_limited", retryable=True)
        if status >= 500:
            return SendError(f"provider_{status}", retryable=True)
        if code in UNREACHABLE:
            return SendError(f"twilio_{code}", retryable=False, unreachable=True)
        return SendError(f"twilio_{code or status}", retryable=False)
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return SendError("timeout", retryable=True)
    if isinstance(exc, aiohttp.ClientError):
        return SendError("network", retryable=True)
    return SendError(f"twilio_{type(exc).__name__}", retryable=False)


def _field(form: Mapping[str, Any], name: str) -> str:
    """A posted text field ("" when absent; uploads are not text)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _coordinate(value: str, limit: float) -> float | None:
    """A latitude or longitude Twilio posted; None when absent or not a plausible number."""
    text = value.strip()
    if not text or len(text) > 24:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if -limit <= number <= limit else None


def _int(value: Any) -> int | None:
    # A small count (segments, media, an error code): ASCII digits only, so "²" or a 30-digit
    # number from a forged form never reaches int() or the database's INTEGER column.
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


class TwilioProvider:
    """Programmable Messaging: one account, one sender (number, `whatsapp:+…` sender or
    Messaging Service), one scheme."""

    name = "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str | None,
        api_url: str,
        timeout: float = SEND_TIMEOUT,
        scheme: str = SMS,
    ) -> None:
        self.validator = RequestValidator(auth_token)
        self.sender = sender
        self.scheme = scheme
        # The aiohttp session must be created inside the running loop: build this in start().
        self.http = AsyncTwilioHttpClient(logger=quiet_logger())
        # twilio 9.13's async client ignores its own `timeout` and hands aiohttp timeout=None
        # (no limit at all), so send() bounds each call itself.
        self.timeout = timeout
        self.client = Client(account_sid, auth_token, http_client=self.http)
        # Only the base URL changes (tests: a fake server on 127.0.0.1); paths stay Twilio's.
        self.client.api.base_url = api_url.rstrip("/")

    def authentic(self, url: str, form: Any, signature: str) -> bool:
        """X-Twilio-Signature over the public URL and every posted parameter (constant time)."""
        return bool(signature) and self.validator.validate(url, form, signature)

    def parse_inbound(self, form: Mapping[str, Any], scheme: str = SMS) -> InboundSms:
        """An inbound SMS or WhatsApp webhook as a neutral record. The sender's scheme must be
        the webhook's: a `whatsapp:` sender on the SMS webhook (or the reverse) is refused."""
        sid = (_field(form, "MessageSid") or _field(form, "SmsMessageSid")).strip()
        if not SID.match(sid):
            raise MalformedWebhook("MessageSid missing or malformed")
        sender = normalise_number(_field(form, "From"))
        if scheme_of(sender) != scheme:
            raise MalformedWebhook("sender's scheme is not this webhook's")
        text = _field(form, "Body")
        media = min(_int(_field(form, "NumMedia")) or 0, MAX_MEDIA)
        types = tuple(
            _field(form, f"MediaContentType{i}").strip().lower()[:64] for i in range(media)
        )
        urls = tuple(_field(form, f"MediaUrl{i}").strip()[:MAX_URL] for i in range(media))
        return InboundSms(
            external_id=sid,
            sender=sender,
            text=text,
            segments=_int(_field(form, "NumSegments")),
            media=media,
            # Twilio's own STOP/START handling is an SMS feature (long codes, toll-free).
            provider_answered=scheme == SMS and self._answered_by_twilio(form, text),
            latitude=_coordinate(_field(form, "Latitude"), 90.0) if scheme == WHATSAPP else None,
            longitude=_coordinate(_field(form, "Longitude"), 180.0) if scheme == WHATSAPP else None,
            media_types=types,
            media_urls=urls,
        )

    @staticmethod
    def _answered_by_twilio(form: Mapping[str, Any], text: str) -> bool:
        kind = _field(form, "OptOutType").strip().upper()
        if kind:
            return kind in ANSWERED_OPT_OUT_TYPES
        word = text.strip().upper()
        return word in TWILIO_DEFAULT_STOP or word in TWILIO_DEFAULT_START

    def parse_status(self, form: Mapping[str, Any]) -> DeliveryReport:
        """A status callback as a neutral record."""
        sid = (_field(form, "MessageSid") or _field(form, "SmsSid")).strip()
        status = (_field(form, "MessageStatus") or _field(form, "SmsStatus")).strip().lower()
        if not SID.match(sid) or not status:
            raise MalformedWebhook("MessageSid or MessageStatus missing")
        if status not in STATUS_RANK:
            # read, canceled, partially_delivered...: reported, but apply_report leaves them
            status = status[:16]
        code = _field(form, "ErrorCode").strip()[:16] or None  # Twilio's codes are 5 digits
        return DeliveryReport(
            provider_id=sid,
            status=status,
            error_code=code,
            opted_out=code == str(OPTED_OUT),
            retryable=code in RETRYABLE_DELIVERY,
            held=code == str(WINDOW_CLOSED),
        )

    async def send(
        self,
        to: str,
        body: str,
        *,
        status_callback: str | None,
        content_sid: str | None = None,
    ) -> str:
        """Create the message through the REST API (an approved template by its ContentSid when
        given); SendError on any failure."""
        if not self.sender:
            raise SendError("no_sender_configured", retryable=False)
        if scheme_of(to) != self.scheme:
            # a WhatsApp address through the SMS sender (or the reverse) would cost the person
            # a paid SMS, or never arrive
            raise SendError("wrong_scheme", retryable=False)
        kwargs: dict[str, Any] = {"to": to}
        if content_sid:
            kwargs["content_sid"] = content_sid
        else:
            kwargs["body"] = body
        if self.sender.startswith("MG"):
            kwargs["messaging_service_sid"] = self.sender
        else:
            kwargs["from_"] = self.sender
        if status_callback:
            kwargs["status_callback"] = status_callback
        try:
            async with asyncio.timeout(self.timeout):
                message = await self.client.messages.create_async(**kwargs)
        except (TwilioException, TimeoutError, aiohttp.ClientError) as exc:
            # `from None`: Twilio's error texts quote the destination number
            raise send_error(exc) from None
        return str(message.sid)

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.http.close()
