"""What Rumbo needs from a Twilio-style provider (SMS or WhatsApp), so a local SMS aggregator
can sit next to Twilio.

A provider checks a webhook's authenticity, turns its form into neutral records (an inbound SMS,
a delivery report) and sends one message. Errors leave it as `SendError` (bot.channels.outbox),
already marked retryable or not, so the outbox never reads provider error texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

DEFAULT_REGION = "EC"
# The address schemes of one Twilio account: a bare E.164 number is SMS, `whatsapp:+…` is
# WhatsApp. The scheme is part of the address, so a WhatsApp reply can never go out as an SMS.
SMS, WHATSAPP = "sms", "whatsapp"

# Delivery states in the order a message moves through them; a report never moves a message
# backwards (callbacks arrive out of order and repeat).
STATUS_RANK = {
    "queued": 0,
    "accepted": 0,
    "scheduled": 0,
    "sending": 1,
    "sent": 2,
    "delivered": 3,
    "undelivered": 3,
    "failed": 3,
}
FINAL_STATUSES = frozenset({"delivered", "undelivered", "failed"})


class MalformedWebhook(ValueError):
    """A signed webhook that lacks what Rumbo needs (answered with 400)."""


@dataclass(frozen=True, slots=True)
class InboundSms:
    """One SMS or WhatsApp message a person sent, as the provider delivered it. `sender` is
    E.164, with its `whatsapp:` scheme on WhatsApp (personal data). Coordinates of a shared
    location are used for that turn and never stored with the message."""

    external_id: str
    sender: str
    text: str
    segments: int | None = None
    media: int = 0
    provider_answered: bool = False
    latitude: float | None = None
    longitude: float | None = None
    media_types: tuple[str, ...] = ()
    # MediaUrl0..N: where Twilio keeps the files (fetched with the account's credentials, from
    # the configured API base only: bot/channels/sms/media.py).
    media_urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """A delivery status callback for one message Rumbo sent."""

    provider_id: str
    status: str
    error_code: str | None = None
    opted_out: bool = False
    retryable: bool = False
    # Rumbo's own id of the reply, carried in the signed callback URL: it lets a report confirm
    # a send whose provider id was never recorded (the sending process died right after).
    outbox_id: int | None = None
    # WhatsApp's 24-hour window was closed (error 63016): hold the reply, send the template.
    held: bool = False


class SmsProvider(Protocol):
    """One SMS gateway: webhook checks and parsing, and sending."""

    name: str

    def authentic(self, url: str, form: Any, signature: str) -> bool:
        """True when the webhook was signed by the provider for exactly this URL and form."""
        ...

    def parse_inbound(self, form: Mapping[str, Any], scheme: str = SMS) -> InboundSms:
        """The inbound SMS of a verified webhook; MalformedWebhook when it is not one."""
        ...

    def parse_status(self, form: Mapping[str, Any]) -> DeliveryReport:
        """The delivery report of a verified callback; MalformedWebhook when it is not one."""
        ...

    async def send(
        self,
        to: str,
        body: str,
        *,
        status_callback: str | None,
        content_sid: str | None = None,
    ) -> str:
        """Send one message (a template when `content_sid` is given); return the provider's
        message id. Raises SendError."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


def normalise_number(raw: str, region: str = DEFAULT_REGION) -> str:
    """A phone number in E.164 (`+593991234567`), keeping a `whatsapp:` scheme
    (`whatsapp:+593991234567`); MalformedWebhook when it is not a number."""
    scheme, sep, rest = raw.strip().partition(":")
    if sep:
        if scheme.strip().lower() != WHATSAPP:
            raise MalformedWebhook("unknown address scheme")
        return f"{WHATSAPP}:{_e164(rest, region)}"
    return _e164(raw, region)


def scheme_of(address: str) -> str:
    """`whatsapp` for a `whatsapp:` address, else `sms`."""
    return WHATSAPP if address.startswith(f"{WHATSAPP}:") else SMS


def _e164(raw: str, region: str) -> str:
    import phonenumbers  # at the first SMS, not at start (issue 19)

    try:
        parsed = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException as exc:
        raise MalformedWebhook("sender is not a phone number") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise MalformedWebhook("sender is not a possible phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
