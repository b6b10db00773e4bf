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
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
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
    # (auth token, a function giving the local base URLs that stand for the public one)
    callbacks: tuple[str, Callable[[], list[str]]] | None = None
    reports: list[tuple[str, int]] = field(default_factory=list)
    # WhatsApp: when each person last wrote (fake clock seconds), and the fake's clock
    last_inbound: dict[str, float] = field(default_factory=dict)
    clock: float = 0.0
    window_errors: str = "sync"
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
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
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
