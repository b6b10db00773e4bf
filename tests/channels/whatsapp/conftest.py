"""The WhatsApp harness: the real app with Twilio's WhatsApp on, a fake Twilio on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from bot.runtime import build_runtime
from bot.storage import repository as repo
from bot.storage.models import Contact
from bot.web.app import create_app
from tests.channels.sms.conftest import (
    ACCOUNT,
    PUBLIC,
    SmsHarness,
    fake_twilio,
    fields,
    sms_settings,
)

__all__ = ["fake_twilio"]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "whatsapp"
WA_FROM = "whatsapp:+14155238886"
PERSON = "whatsapp:+593990000301"
TEMPLATES = "es=HX00000000000000000000000000000001,en=HX00000000000000000000000000000002"


def fixture(name: str) -> str:
    """A WhatsApp form body, byte for byte."""
    return (FIXTURES / f"{name}.txt").read_text()


class WhatsAppHarness(SmsHarness):
    """Drives the app like Twilio's WhatsApp does."""

    async def post_fixture(self, name: str) -> httpx.Response:
        """Sign and post a fixture to /webhooks/twilio/whatsapp; the fake notes the person wrote."""
        body = fixture(name)
        sender = dict(fields(body)).get("From", "")
        response = await self.post(body, path="/webhooks/twilio/whatsapp")
        if response.status_code == 200:
            self.fake.person_wrote(sender)
        return response

    async def says(  # type: ignore[override]
        self, text: str, *, sid: str, sender: str = PERSON, **extra: str
    ) -> None:
        """A person's WhatsApp message, signed and posted, then processed and sent."""
        body = urlencode(
            {
                "MessageSid": sid,
                "AccountSid": ACCOUNT,
                "From": sender,
                "To": WA_FROM,
                "Body": text,
                "NumMedia": "0",
                "WaId": sender.removeprefix("whatsapp:+"),
                "ProfileName": "Persona Prueba",
            }
            | extra
        )
        response = await self.post(body, path="/webhooks/twilio/whatsapp")
        assert response.status_code == 200, response.text
        self.fake.person_wrote(sender)
        await self.process()

    async def process(self) -> None:
        """The WhatsApp inbound worker once, then the outbox until nothing more is due."""
        await self.runtime.inbound.run_pass()
        assert self.runtime.outbox is not None
        for _ in range(6):
            if not await self.runtime.outbox.run_once():  # type: ignore[attr-defined]
                break

    async def contact(self, number: str = PERSON) -> Contact | None:
        async with self.runtime.db.sessions() as session:
            return await repo.find_contact(session, self.runtime.protector, "whatsapp", number)


@pytest.fixture
async def wa(tmp_path, db_url, kb, nlu, fake_twilio) -> AsyncIterator[WhatsAppHarness]:
    """The app with WhatsApp (and SMS) on, its lifespan running."""
    settings = sms_settings(
        tmp_path,
        db_url,
        fake_twilio,
        whatsapp_from=WA_FROM,
        whatsapp_template_sid=TEMPLATES,
    )
    runtime = build_runtime(settings, kb=kb, nlu=nlu)
    app = create_app(settings, runtime=runtime, migrate=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://internal:8000") as c:
            yield WhatsAppHarness(c, runtime, fake_twilio)
    await runtime.close()


__all__ += ["PUBLIC"]
