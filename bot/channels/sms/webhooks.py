"""Twilio's webhooks: inbound SMS, inbound WhatsApp and delivery status, all signature-checked
before use (403 and nothing stored when the signature fails; 400 for a signed form that is not a
message).

The signature covers the URL Twilio was given, so it is rebuilt from RUMBO_PUBLIC_URL plus the
request's path and raw query string (what the app sees behind a proxy is not that URL), with
every posted parameter, repeated keys included. Nothing is stored for a request that fails.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from bot.channels.host import ChannelHost
from bot.channels.sms import inbox
from bot.channels.sms.provider import MalformedWebhook, SmsProvider
from bot.channels.sms.status import HELD, RETRY, UNKNOWN, apply_report
from bot.storage.repository import parse_id

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
MAX_BODY = 64 * 1024  # a 1600-character SMS with every Twilio parameter is far below this
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
# A status report can overtake the outbox writing the provider id; look again briefly.
UNKNOWN_RETRIES = (0.2, 0.5, 1.0)


def twiml() -> Response:
    """Acknowledge without replying: the answer goes out through the REST API."""
    return Response(EMPTY_TWIML, media_type="text/xml")


def signed_url(public_url: str, request: Request) -> str:
    """The URL Twilio signed: configured public base + path + raw query string."""
    url = public_url.rstrip("/") + request.url.path
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{url}?{query}" if query else url


async def verified_form(
    request: Request, runtime: ChannelHost, provider: SmsProvider, channel: str = "sms"
) -> FormData | Response:
    """The posted form when the signature holds; else the response to give (403/413/400)."""
    signature = request.headers.get(SIGNATURE_HEADER, "")
    public_url = runtime.settings.public_url
    if not signature or not public_url:
        return _reject(runtime, channel, "unsigned", 403)
    declared = request.headers.get("content-length", "0")
    if not (declared.isascii() and declared.isdigit()) or int(declared) > MAX_BODY:
        return _reject(runtime, channel, "too_large", 413)
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return _reject(runtime, channel, "not_form", 403)
    body = await request.body()
    if len(body) > MAX_BODY:
        return _reject(runtime, channel, "too_large", 413)
    form = await request.form()
    if not provider.authentic(signed_url(public_url, request), form, signature):
        return _reject(runtime, channel, "bad_signature", 403)
    return form


def _reject(runtime: ChannelHost, channel: str, outcome: str, status: int) -> Response:
    runtime.count_webhook(channel, outcome)
    return PlainTextResponse(outcome.replace("_", " "), status_code=status)


async def inbound(request: Request, provider: SmsProvider, channel: str = "sms") -> Response:
    """POST /webhooks/twilio/sms or /whatsapp: verify, store once, answer empty TwiML at once."""
    runtime: ChannelHost = request.app.state.runtime
    form = await verified_form(request, runtime, provider, channel)
    if isinstance(form, Response):
        return form
    try:
        message = provider.parse_inbound(form, channel)
    except MalformedWebhook as exc:
        runtime.count_webhook(channel, "malformed")
        return PlainTextResponse(str(exc), status_code=400)
    if not await inbox.record(runtime, message, channel):
        runtime.count_webhook(channel, "duplicate")
        return twiml()
    runtime.count_webhook(channel, "accepted")
    return twiml()


async def status(request: Request, provider: SmsProvider) -> Response:
    """POST /webhooks/twilio/status: verify, then move the message's state forward."""
    runtime: ChannelHost = request.app.state.runtime
    form = await verified_form(request, runtime, provider, "twilio_status")
    if isinstance(form, Response):
        return form
    try:
        report = provider.parse_status(form)
    except MalformedWebhook as exc:
        runtime.count_webhook("twilio_status", "malformed")
        return PlainTextResponse(str(exc), status_code=400)
    outbox_id = parse_id(request.query_params.get("m", ""))
    if outbox_id is not None:
        report = dataclasses.replace(report, outbox_id=outbox_id)
    outcome = await apply_report(runtime, report)
    for delay in UNKNOWN_RETRIES:
        if outcome != UNKNOWN:
            break
        await asyncio.sleep(delay)
        outcome = await apply_report(runtime, report)
    runtime.count_webhook("twilio_status", f"status_{outcome}")
    if outcome in (RETRY, HELD):
        runtime.wake_outbox()
    return twiml()
