"""A fake Twilio REST API on 127.0.0.1: records message creations, answers like Twilio.

`POST /2010-04-01/Accounts/{sid}/Messages.json` (form-encoded, HTTP Basic auth) returns 201 and a
Message resource; `fail_next(...)` makes the next creations fail the way Twilio does (21610,
429, 500), and `delay` makes them slow (timeouts). With `callbacks` set (the auth token, and
where the public StatusCallback URL is reachable), it also posts a signed "sent" report to the
StatusCallback URL shortly after each creation, as Twilio does.

WhatsApp (`To=whatsapp:+…`): the fake keeps the 24-hour rule. `person_wrote(address, at)` tells
it when the person last wrote; a free-form `Body` outside 24 h of that fails with error 63016
(https://www.twilio.com/docs/api/errors/63016), synchronously (`window_errors="sync"`) or, as a
`failed` status callback with `ErrorCode=63016` (`"callback"`); a `ContentSid` (approved
template) is accepted at any time and recorded in `templates`.

Media (WhatsApp voice notes and photos, MMS): `add_media(path, data)` keeps a file at a media
resource path (`/2010-04-01/Accounts/{sid}/Messages/{MM…}/Media/{ME…}`, the path of a
`MediaUrl{N}` webhook parameter). A GET needs HTTP Basic auth with the account SID and auth
token set in `media_auth` (401 otherwise, like Twilio with "HTTP Basic Auth on media URLs"
on), and answers with a 307 to a short-lived copy on a second port of this fake (another
origin, served without credentials, as Twilio's media CDN is); `media_gets` records both requests.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from twilio.request_validator import RequestValidator

ERRORS = {
    21610: (400, "Attempt to send to unsubscribed recipient"),
    21211: (400, "The 'To' number is not a valid phone number."),
    21612: (400, "The 'To' phone number is not currently reachable via SMS."),
    21614: (400, "'To' number is not a valid mobile number"),
    20429: (429, "Too Many Requests"),
    20500: (500, "An internal server error has occurred"),
    63016: (
        400,
        "Failed to send freeform message because you are outside the allowed window. "
        "If you are using WhatsApp, please use a Message Template.",
    ),
}
WINDOW = 24 * 3600.0


@dataclass
class Created:
    """One message creation as the fake received it."""

    account: str
    auth: tuple[str, str]
    form: dict[str, str]
    sid: str | None


@dataclass
class FakeTwilio:
    """The fake server; `url` is its base (for RUMBO_TWILIO_API_URL)."""

    requests: list[Created] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    delay: float = 0.0
    url: str = ""
    cdn_url: str = ""  # another origin: credentials must not follow a redirect there
    # (auth token, a function giving the local base URLs that stand for the public one)
    callbacks: tuple[str, Callable[[], list[str]]] | None = None
    reports: list[tuple[str, int]] = field(default_factory=list)
    # WhatsApp: when each person last wrote (fake clock seconds), and the fake's clock
    last_inbound: dict[str, float] = field(default_factory=dict)
    clock: float = 0.0
    window_errors: str = "sync"
    # Media: path -> (bytes, Content-Type); the credentials media GETs need; what was asked
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    media_auth: tuple[str, str] | None = None
    media_gets: list[tuple[str, str | None]] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def fail_next(self, code: int, *, times: int = 1) -> None:
        """The next `times` creations fail with this Twilio error code."""
        self.failures.extend([code] * times)

    def person_wrote(self, address: str, at: float | None = None) -> None:
        """The person behind a `whatsapp:` address wrote at `at` (default: the fake's now)."""
        self.last_inbound[address] = self.clock if at is None else at

    def _outside_window(self, form: dict[str, str]) -> bool:
        to = form.get("To", "")
        if not to.startswith("whatsapp:") or form.get("ContentSid"):
            return False
        last = self.last_inbound.get(to)
        return last is None or self.clock - last >= WINDOW

    def add_media(self, path: str, data: bytes, content_type: str = "audio/ogg") -> str:
        """Keep a file at a media resource path; returns its public MediaUrl."""
        self.media[path] = (data, content_type)
        return f"https://api.twilio.com{path}"

    @property
    def templates(self) -> list[Created]:
        """WhatsApp template sends (by ContentSid)."""
        return [r for r in self.sent if r.form.get("ContentSid")]

    @property
    def sent(self) -> list[Created]:
        """The creations that succeeded."""
        return [r for r in self.requests if r.sid]

    async def start(self) -> str:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{account}/Messages.json", self._create)
        app.router.add_get(
            "/2010-04-01/Accounts/{account}/Messages/{message}/Media/{media}", self._media
        )
        app.router.add_get("/cdn/{key}", self._cdn)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        ports = []
        for _ in range(2):  # the REST API, and the "CDN" its media URLs redirect to
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
            await web.SockSite(self._runner, sock).start()
        self.url = f"http://127.0.0.1:{ports[0]}"
        self.cdn_url = f"http://127.0.0.1:{ports[1]}"
        return self.url

    async def stop(self) -> None:
        """Shut the server down."""
        for task in self._tasks:
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _create(self, request: web.Request) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        form = {k: str(v) for k, v in (await request.post()).items()}
        user, _, password = (
            base64.b64decode(request.headers.get("Authorization", "Basic ")[6:])
            .decode()
            .partition(":")
        )
        account = request.match_info["account"]
        if self.failures:
            code = self.failures.pop(0)
            status, message = ERRORS[code]
            self.requests.append(Created(account, (user, password), form, None))
            body = {"code": code, "message": message, "more_info": "", "status": status}
            return web.json_response(body, status=status)
        outside = self._outside_window(form)
        if outside and self.window_errors == "sync":
            status, message = ERRORS[63016]
            self.requests.append(Created(account, (user, password), form, None))
            body = {"code": 63016, "message": message, "more_info": "", "status": status}
            return web.json_response(body, status=status)
        sid = f"SM{next(self._ids):032x}"
        self.requests.append(Created(account, (user, password), form, sid))
        if self.callbacks and form.get("StatusCallback"):
            extra = {"MessageStatus": "failed", "ErrorCode": "63016"} if outside else {}
            task = asyncio.create_task(self._report(form, account, sid, extra))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        resource = {
            "sid": sid,
            "account_sid": account,
            "to": form.get("To"),
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form.get("Body"),
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{account}/Messages/{sid}.json",
        }
        return web.Response(text=json.dumps(resource), status=201, content_type="application/json")

    async def _media(self, request: web.Request) -> web.Response:
        header = request.headers.get("Authorization")
        self.media_gets.append((request.path, header))
        if header is None or not header.startswith("Basic "):
            return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="Twilio"'})
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        if self.media_auth is None or (user, password) != self.media_auth:
            return web.json_response({"code": 20003, "message": "Authenticate"}, status=401)
        if user != request.match_info["account"] or request.path not in self.media:
            return web.json_response({"code": 20404, "message": "Not found"}, status=404)
        key = base64.urlsafe_b64encode(request.path.encode()).decode()
        raise web.HTTPTemporaryRedirect(f"{self.cdn_url}/cdn/{key}")

    async def _cdn(self, request: web.Request) -> web.Response:
        self.media_gets.append((request.path, request.headers.get("Authorization")))
        path = base64.urlsafe_b64decode(request.match_info["key"].encode()).decode()
        if path not in self.media:
            return web.Response(status=404)
        data, content_type = self.media[path]
        return web.Response(body=data, headers={"Content-Type": content_type})

    async def _report(
        self, form: dict[str, str], account: str, sid: str, extra: dict[str, str] | None = None
    ) -> None:
        """POST a signed "sent" report to the StatusCallback URL (through a live local base)."""
        assert self.callbacks is not None
        token, bases = self.callbacks
        public = form["StatusCallback"]
        params = {
            "MessageSid": sid,
            "SmsSid": sid,
            "MessageStatus": "sent",
            "SmsStatus": "sent",
            "AccountSid": account,
            "To": form.get("To", ""),
            "From": form.get("From", ""),
            "ApiVersion": "2010-04-01",
        } | (extra or {})
        if extra and "MessageStatus" in extra:
            params["SmsStatus"] = extra["MessageStatus"]
        signature = RequestValidator(token).compute_signature(public, params)
        path = "/" + public.split("://", 1)[1].split("/", 1)[1]
        await asyncio.sleep(0.05)
        async with aiohttp.ClientSession() as session:
            for _ in range(20):  # Twilio retries failed callbacks a few times, too
                for base in bases():
                    try:
                        async with session.post(
                            base + path, data=params, headers={"X-Twilio-Signature": signature}
                        ) as response:
                            self.reports.append((sid, response.status))
                            if response.status < 500:
                                return
                    except aiohttp.ClientError:
                        continue
                await asyncio.sleep(0.5)
