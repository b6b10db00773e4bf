"""The SMS harness: the real app (lifespan included) over httpx, a fake Twilio on 127.0.0.1.

`sms.post("plain")` signs and posts a fixture; `await sms.process()` runs the inbound worker and
the outbox once, so each test decides when replies go out.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
from sqlalchemy import select
from starlette.datastructures import FormData
from twilio.request_validator import RequestValidator

from bot.runtime import Runtime, build_runtime
from bot.storage.models import Contact, Message
from bot.web.app import create_app
from tests.channels.sms.fake_twilio import FakeTwilio
from tests.conftest import make_settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sms"
ACCOUNT = "AC0123456789abcdef0123456789abcdef"
TOKEN = "fake-auth-token-0123456789abcdef"
PUBLIC = "https://rumbo.example.org"
FROM = "+15005550006"


def fixture(name: str) -> str:
    """A captured form body, byte for byte."""
    return (FIXTURES / f"{name}.txt").read_text()


def fields(body: str) -> list[tuple[str, str]]:
    """A form body as ordered pairs (repeated keys kept)."""
    return parse_qsl(body, keep_blank_values=True)


def sign(url: str, body: str, token: str = TOKEN) -> str:
    """X-Twilio-Signature as Twilio computes it, over every posted parameter."""
    return RequestValidator(token).compute_signature(url, FormData(fields(body)))


class SmsHarness:
    """Drives the app like Twilio does."""

    def __init__(self, client: httpx.AsyncClient, runtime: Runtime, fake: FakeTwilio):
        self.client = client
        self.runtime = runtime
        self.fake = fake

    async def post(
        self,
        body: str,
        *,
        path: str = "/webhooks/twilio/sms",
        signature: str | None = None,
        signed_url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST a form; a fixture name is read from tests/fixtures/sms. Signed unless told."""
        if "=" not in body:
            body = fixture(body)
        url_path, _, query = path.partition("?")
        if signature is None:
            signature = sign(signed_url or f"{PUBLIC}{path}", body)
        sent = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature:
            sent["X-Twilio-Signature"] = signature
        sent.update(headers or {})
        return await self.client.post(path, content=body.encode(), headers=sent)

    async def says(
        self, text: str, *, sid: str, sender: str = "+593990000201", **extra: str
    ) -> None:
        """A person's SMS with this text, signed and posted, then processed and sent."""
        body = urlencode(
            {"MessageSid": sid, "AccountSid": ACCOUNT, "From": sender, "To": FROM, "Body": text}
            | extra
        )
        response = await self.post(body)
        assert response.status_code == 200, response.text
        await self.process()

    async def status(self, name: str, sid: str) -> httpx.Response:
        """Post a status-callback fixture about the outbound message `sid`."""
        body = urlencode(
            [(k, sid if k in ("MessageSid", "SmsSid") else v) for k, v in fields(fixture(name))]
        )
        return await self.post(body, path="/webhooks/twilio/status")

    async def process(self) -> None:
        """Run the inbound worker once, then the outbox until nothing more is due: it sends one
        reply per conversation per pass (so they arrive in order), and a turn may be two SMS."""
        await self.runtime.inbound.run_pass()
        for _ in range(5):
            if not await self.runtime.outbox.run_once():
                break

    async def outbound(self) -> list[Message]:
        """Every outbound SMS row, oldest first."""
        async with self.runtime.db.sessions() as session:
            rows = await session.scalars(
                select(Message).where(Message.direction == "out").order_by(Message.id)
            )
            return list(rows)

    async def contact(self, number: str) -> Contact | None:
        """The SMS contact of a number."""
        from bot.storage import repository as repo

        async with self.runtime.db.sessions() as session:
            return await repo.find_contact(session, self.runtime.protector, "sms", number)


@pytest.fixture
async def fake_twilio(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeTwilio]:
    """The fake REST API, listening."""
    for name in ("TWILIO_EDGE", "TWILIO_REGION"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeTwilio(media_auth=(ACCOUNT, TOKEN))
    await fake.start()
    yield fake
    await fake.stop()


def sms_settings(tmp_path: Path, db_url: str, fake: FakeTwilio, **overrides: object):
    """Settings with SMS on, pointed at the fake."""
    values: dict[str, object] = {
        "database_url": db_url,
        "twilio_account_sid": ACCOUNT,
        "twilio_auth_token": TOKEN,
        "twilio_from": FROM,
        "twilio_api_url": fake.url,
        "public_url": PUBLIC,
    }
    values.update(overrides)
    return make_settings(tmp_path, **values)


@pytest.fixture
async def sms(tmp_path, db_url, kb, nlu, fake_twilio) -> AsyncIterator[SmsHarness]:
    """The app with SMS on, on each test database, its lifespan running."""
    settings = sms_settings(tmp_path, db_url, fake_twilio)
    runtime = build_runtime(settings, kb=kb, nlu=nlu)
    app = create_app(settings, runtime=runtime, migrate=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://internal:8000"
        ) as client:
            yield SmsHarness(client, runtime, fake_twilio)
    await runtime.close()
