"""What the web chat accepts: JSON from its own page, parsed strictly into an InboundMessage.

A form or `text/plain` POST from another website needs no CORS preflight, so without these
checks any page could make its visitors' browsers file tickets. Browsers send `Origin` and
`Sec-Fetch-Site` on such requests; a request without either is not from a browser and cannot
carry a victim's cookie, so it only has to be JSON.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request

from bot import safejson
from bot.messages import InboundMessage, Location

MAX_TEXT = 4096  # the page's input allows 2000 characters; Telegram's limit is 4096
ALLOWED_FETCH_SITES = ("same-origin", "none")


class Refused(Exception):
    """The request is not acceptable; `status` is 400 or 403."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def expected_origin(request: Request, public_url: str | None) -> str:
    """Our own origin: RUMBO_PUBLIC_URL's when set (behind a proxy), else the request's."""
    if public_url:
        parts = urlsplit(public_url)
        return f"{parts.scheme}://{parts.netloc}".lower()
    return f"{request.url.scheme}://{request.headers.get('host', '')}".lower()


def check_same_origin(request: Request, public_url: str | None) -> None:
    """Refused(403) when a browser says the request comes from another site."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site.lower() not in ALLOWED_FETCH_SITES:
        raise Refused(403, "cross-site request")
    origin = request.headers.get("origin")
    if origin is not None and origin.lower().rstrip("/") != expected_origin(request, public_url):
        raise Refused(403, "cross-origin request")


def check_json(request: Request) -> None:
    """Refused(400) unless the body is declared as JSON."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise Refused(400, "send JSON (Content-Type: application/json)")


def parse(body: bytes, session_id: str) -> tuple[InboundMessage, str | None]:
    """The message and its requested language; Refused(400) for anything malformed."""
    try:
        data = safejson.loads(body or b"{}")
    except ValueError as exc:
        raise Refused(400, "body must be a JSON object") from exc
    if not isinstance(data, dict):
        raise Refused(400, "body must be a JSON object")
    text = _string(data, "text", MAX_TEXT) or ""
    inbound = InboundMessage(channel="web", user=session_id, text=text)
    choice = _string(data, "choice_id", 128)
    if choice:
        inbound.kind, inbound.choice_id = "choice", choice
    elif data.get("location") is not None:
        inbound.kind, inbound.location = "location", _location(data["location"])
    lang = data.get("lang")
    return inbound, lang if lang in ("es", "en") else None


def _string(data: dict[str, Any], name: str, limit: int) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Refused(400, f"{name} must be a string")
    return value[:limit]


def _location(value: object) -> Location:
    if not isinstance(value, list) or len(value) != 2:
        raise Refused(400, "location must be [lat, lon]")
    try:
        lat, lon = (float(v) for v in value if not isinstance(v, bool))
    except (TypeError, ValueError) as exc:
        raise Refused(400, "location must be [lat, lon]") from exc
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        raise Refused(400, "location out of range")
    return Location(lat, lon)
