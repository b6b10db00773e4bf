"""Twilio's webhooks: inbound SMS and delivery status, both signature-checked before use.

The signature covers the URL Twilio was given, so it is rebuilt from RUMBO_PUBLIC_URL plus the
request's path and raw query string (what the app sees behind a proxy is not that URL), with
every posted parameter, repeated keys included. Nothing is stored for a request that fails.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from bot.channels.host import ChannelHost
from bot.channels.sms import inbox
from bot.channels.sms.provider import MalformedWebhook, SmsProvider
from bot.channels.sms.status import UNKNOWN, apply_report
from bot.storage.repository import parse_id

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


async def verified_form(request: Request, runtime: ChannelHost) -> FormData | Response:
    """The posted form when the signature holds; else the response to give (403/413/400)."""
    provider: SmsProvider = runtime.extras["sms_provider"]
    signature = request.headers.get(SIGNATURE_HEADER, "")
    public_url = runtime.settings.public_url
    if not signature or not public_url:
        return _reject(runtime, "unsigned", 403)
    declared = request.headers.get("content-length", "0")
    if not (declared.isascii() and declared.isdigit()) or int(declared) > MAX_BODY:
        return _reject(runtime, "too_large", 413)
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return _reject(runtime, "not_form", 403)
    body = await request.body()
    if len(body) > MAX_BODY:
        return _reject(runtime, "too_large", 413)
    form = await request.form()
    if not provider.authentic(signed_url(public_url, request), form, signature):
        return _reject(runtime, "bad_signature", 403)
    return form


def _reject(runtime: ChannelHost, outcome: str, status: int) -> Response:
    _count(runtime, outcome)
    return PlainTextResponse(outcome.replace("_", " "), status_code=status)


def _count(runtime: ChannelHost, outcome: str) -> None:
    metrics: Any = runtime.extras.get("metrics")
    if metrics is not None:
        metrics.webhooks.labels("sms", outcome).inc()


async def inbound(request: Request) -> Response:
    """POST /webhooks/twilio/sms: verify, store once, answer empty TwiML at once."""
    runtime: ChannelHost = request.app.state.runtime
    form = await verified_form(request, runtime)
    if isinstance(form, Response):
        return form
    provider: SmsProvider = runtime.extras["sms_provider"]
    try:
        sms = provider.parse_inbound(form)
    except MalformedWebhook as exc:
        _count(runtime, "malformed")
        return PlainTextResponse(str(exc), status_code=400)
    if not await inbox.record(runtime, sms):
        _count(runtime, "duplicate")
        return twiml()
    _count(runtime, "accepted")
    wake: asyncio.Event | None = runtime.extras.get("sms_wake")
    if wake is not None:
        wake.set()
    return twiml()


async def status(request: Request) -> Response:
    """POST /webhooks/twilio/status: verify, then move the message's state forward."""
    runtime: ChannelHost = request.app.state.runtime
    form = await verified_form(request, runtime)
    if isinstance(form, Response):
        return form
    provider: SmsProvider = runtime.extras["sms_provider"]
    try:
        report = provider.parse_status(form)
    except MalformedWebhook as exc:
        _count(runtime, "malformed")
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
    _count(runtime, f"status_{outcome}")
    if outcome == "retry":
        outbox = runtime.extras.get("outbox")
        if outbox is not None:
            outbox.wake.set()
    return twiml()
