"""A fake Twilio REST API on 127.0.0.1: records message creations, answers like Twilio.

`POST /2010-04-01/Accounts/{sid}/Messages.json` (form-encoded, HTTP Basic auth) returns 201 and a
Message resource; `fail_next(...)` makes the next creations fail the way Twilio does (21610,
429, 500), and `delay` makes them slow (timeouts). With `callbacks` set (the auth token, and
where the public StatusCallback URL is reachable), it also posts a signed "sent" report to the
StatusCallback URL shortly after each creation, as Twilio does.
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
}


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
    _runner: web.AppRunner | None = None
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def fail_next(self, code: int, *, times: int = 1) -> None:
        """The next `times` creations fail with this Twilio error code."""
        self.failures.extend([code] * times)

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
        sid = f"SM{next(self._ids):032x}"
        self.requests.append(Created(account, (user, password), form, sid))
        if self.callbacks and form.get("StatusCallback"):
            task = asyncio.create_task(self._report(form, account, sid))
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

    async def _report(self, form: dict[str, str], account: str, sid: str) -> None:
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
        }
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
