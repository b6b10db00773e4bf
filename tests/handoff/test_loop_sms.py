"""The full loop on SMS: a person texts for a person, a caseworker claims and replies in the
console, and the fake Twilio receives the reply for that number, within two GSM-7 segments.
"""

from __future__ import annotations

from sqlalchemy import select

from bot import gsm7
from bot.storage.models import Ticket
from tests.channels.sms.conftest import (  # noqa: F401 - fixtures used by name
    fake_twilio,
    sms,
)
from tests.console.conftest import console_user

NUMBER = "+593990000777"


async def test_sms_person_gets_the_caseworkers_reply(sms) -> None:  # noqa: F811
    await sms.says("quiero hablar con una persona", sid="SM" + "7" * 32, sender=NUMBER)
    assert sms.fake.sent and sms.fake.sent[-1].form["To"] == NUMBER
    async with sms.runtime.db.sessions() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None and ticket.channel == "sms"
    before = len(sms.fake.sent)

    app = sms.client._transport.app  # type: ignore[attr-defined]
    async with console_user(app, sms.runtime) as ana:
        page = await ana.open(ticket.conversation_id)
        assert "•••777" in page and NUMBER not in page and NUMBER[1:] not in page
        assert await ana.act(ticket.id, "claim") == "claimed"
        assert 'id="sms-counter"' in await ana.open(ticket.conversation_id)
        too_long = "Hola. " + "Necesito algunos datos más para ayudarte. " * 10
        assert await ana.act(ticket.id, "reply", text=too_long) == "too_long"
        reply = "Hola, soy Ana de la Unidad de Movilidad Humana. ¿Desde qué ciudad escribes?"
        assert await ana.act(ticket.id, "reply", text=reply) == "replied"
        await sms.runtime.outbox.run_once()

        assert len(sms.fake.sent) == before + 1
        created = sms.fake.sent[-1]
        assert created.form["To"] == NUMBER
        assert created.form["Body"] == gsm7.transliterate(reply)
        assert gsm7.encoding_of(created.form["Body"]) == "GSM-7"

        assert await ana.act(ticket.id, "close", outcome="referred", tell_person="yes") == "closed"
        await sms.runtime.outbox.run_once()
        assert sms.fake.sent[-1].form["To"] == NUMBER
        assert "termino" in sms.fake.sent[-1].form["Body"]

    # The bot answers again.
    await sms.says("puedo ir al medico sin cedula", sid="SM" + "8" * 32, sender=NUMBER)
    assert "Fuente:" in sms.fake.sent[-1].form["Body"]
