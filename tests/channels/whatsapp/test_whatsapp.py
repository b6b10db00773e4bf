"""WhatsApp through Twilio (issue 17): webhook, replies to whatsapp:+…, the 24-hour window with
the approved template and error 63016, keywords and opt-out, the handoff loop in the console."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import select, update

from bot.channels.sms.whatsapp_render import MAX_BODY, render, tappable
from bot.messages import Choice, OutboundMessage
from bot.storage.models import Contact, InboundEvent, Message, Ticket, utcnow
from tests.channels.sms.conftest import ACCOUNT, fields, sign
from tests.channels.whatsapp.conftest import PERSON, PUBLIC, WA_FROM, fixture
from tests.console.conftest import console_user

SIDS = iter(f"SM{n:032x}" for n in range(0x500, 0x600))


def sid() -> str:
    return next(SIDS)


async def _events(wa) -> list[InboundEvent]:
    async with wa.runtime.db.sessions() as session:
        return list(await session.scalars(select(InboundEvent)))


async def test_forged_signature_is_403_and_stores_nothing(wa) -> None:
    body = fixture("text")
    forged = sign(f"{PUBLIC}/webhooks/twilio/sms", body)  # signed for another URL
    response = await wa.post(body, path="/webhooks/twilio/whatsapp", signature=forged)
    assert response.status_code == 403
    assert await wa.post(body, path="/webhooks/twilio/whatsapp", signature="") is not None
    assert await _events(wa) == []


async def test_an_sms_sender_on_the_whatsapp_webhook_is_400(wa) -> None:
    body = fixture("text").replace("From=whatsapp%3A%2B593990000301", "From=%2B593990000301")
    response = await wa.post(body, path="/webhooks/twilio/whatsapp")
    assert response.status_code == 400
    assert await _events(wa) == []


async def test_first_message_is_answered_on_whatsapp_never_as_sms(wa) -> None:
    assert (await wa.post_fixture("text")).status_code == 200
    assert (await wa.post_fixture("text")).status_code == 200  # Twilio's retry: stored once
    await wa.process()
    assert len(await _events(wa)) == 1
    assert wa.fake.sent, "no reply"
    for created in wa.fake.sent:
        assert created.form["To"] == PERSON and created.form["From"] == WA_FROM
        assert len(created.form["Body"]) <= MAX_BODY
        assert created.form["StatusCallback"].startswith(f"{PUBLIC}/webhooks/twilio/status?m=")
    contact = await wa.contact()
    assert contact is not None and contact.channel == "whatsapp"
    assert wa.runtime.protector.decrypt(contact.address_enc or "") == PERSON


async def test_a_shared_location_is_a_location_turn(wa) -> None:
    assert (await wa.post_fixture("location")).status_code == 200
    await wa.process()
    async with wa.runtime.db.sessions() as session:
        [inbound] = list(await session.scalars(select(Message).where(Message.direction == "in")))
    assert inbound.channel == "whatsapp"
    assert wa.fake.sent and wa.fake.sent[-1].form["To"] == PERSON


async def test_voice_note_and_photo_caption_are_accepted(wa) -> None:
    for name in ("voice", "photo_caption"):
        assert (await wa.post_fixture(name)).status_code == 200
    await wa.process()
    await wa.process()
    events = await _events(wa)
    assert [e.status for e in events] == ["done", "done"]
    assert all(e.payload == {} for e in events)  # the sealed form is dropped once processed
    assert wa.fake.sent


async def _handoff(wa) -> Ticket:
    await wa.says("quiero hablar con una persona", sid=sid())
    async with wa.runtime.db.sessions() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None and ticket.channel == "whatsapp"
    return ticket


async def _age_window(wa, hours: float) -> None:
    """The person's last message was `hours` ago (our clock and the fake's)."""
    async with wa.runtime.db.sessions.begin() as session:
        await session.execute(
            update(Contact).values(last_seen_at=utcnow() - timedelta(hours=hours))
        )
    wa.fake.person_wrote(PERSON, at=wa.fake.clock - hours * 3600)


async def test_caseworker_reply_after_24_hours_is_held_then_delivered_on_leer(wa) -> None:
    ticket = await _handoff(wa)
    await _age_window(wa, 25)
    before = len(wa.fake.sent)
    app = wa.client._transport.app  # type: ignore[attr-defined]
    async with console_user(app, wa.runtime) as ana:
        page = await ana.open(ticket.conversation_id)
        assert PERSON not in page and PERSON[len("whatsapp:+") :] not in page
        assert await ana.act(ticket.id, "claim") == "claimed"
        reply = "Hola, soy Ana. *Mañana* puedes ir a la oficina de 9 a 12."
        assert await ana.act(ticket.id, "reply", text=reply) == "replied"
        await wa.process()
        # Not sent free-form (Twilio would refuse it): held, and the template went instead.
        new = wa.fake.sent[before:]
        assert [c.form.get("ContentSid") for c in new] == ["HX" + "0" * 31 + "1"]
        assert "Body" not in new[0].form and new[0].form["To"] == PERSON
        async with wa.runtime.db.sessions() as session:
            held = await session.scalar(select(Message).where(Message.status == "held"))
        assert held is not None and held.author.startswith("caseworker:")
        await wa.process()
        assert len(wa.fake.sent) == before + 1, "the template goes out once"

        await wa.says("LEER", sid=sid())
        assert wa.fake.sent[-1].form["Body"].startswith("Hola, soy Ana.")
        assert len(wa.fake.sent) == before + 2, "LEER only fetched the held reply"
        page = await ana.open(ticket.conversation_id)
        assert "Tienes una respuesta de Rumbo" in page


async def test_twilio_63016_holds_the_reply_and_sends_the_template(wa) -> None:
    ticket = await _handoff(wa)
    # Our clock says the window is open; Twilio's says it closed (error 63016 on create).
    wa.fake.person_wrote(PERSON, at=wa.fake.clock - 25 * 3600)
    from bot.handoff import tickets

    async with wa.runtime.db.sessions.begin() as session:
        await tickets.send_text(
            session, ticket.conversation_id, "Ya revisé tu caso.", author="caseworker:1", lang="es"
        )
    await wa.process()
    assert [r.form.get("ContentSid") for r in wa.fake.requests[-2:]] == [
        None,
        "HX" + "0" * 31 + "1",
    ]
    assert wa.fake.requests[-2].sid is None  # the refused free-form attempt
    async with wa.runtime.db.sessions() as session:
        held = await session.scalar(select(Message).where(Message.status == "held"))
    assert held is not None and held.last_error == "twilio_63016"
    await wa.says("hola", sid=sid())
    bodies = [c.form.get("Body", "") for c in wa.fake.sent]
    assert "Ya revisé tu caso." in bodies


async def test_a_63016_status_callback_holds_the_reply(wa) -> None:
    ticket = await _handoff(wa)
    from bot.handoff import tickets

    async with wa.runtime.db.sessions.begin() as session:
        [message] = await tickets.send_text(
            session, ticket.conversation_id, "Te escribo luego.", author="caseworker:1", lang="es"
        )
    await wa.process()
    created = wa.fake.sent[-1]
    assert created.form["Body"] == "Te escribo luego."
    body = urlencode(
        [
            (k, created.sid if k in ("MessageSid", "SmsSid") else v)
            for k, v in fields(fixture("status_failed_63016"))
        ]
    )
    response = await wa.post(body, path=f"/webhooks/twilio/status?m={message.id}")
    assert response.status_code == 200
    async with wa.runtime.db.sessions() as session:
        row = await session.get(Message, message.id)
    assert row is not None and row.status == "held"
    await wa.process()
    assert wa.fake.sent[-1].form.get("ContentSid")


async def test_baja_stops_whatsapp_replies_like_sms(wa) -> None:
    await wa.says("hola", sid=sid())
    await wa.says("BAJA", sid=sid())
    sent = len(wa.fake.sent)
    contact = await wa.contact()
    assert contact is not None and contact.opted_out
    assert wa.fake.sent[-1].form["To"] == PERSON  # the one confirmation went out
    await wa.says("cuales son mis derechos", sid=sid())
    assert len(wa.fake.sent) == sent


def test_render_numbers_choices_bolds_the_title_and_fits_1600() -> None:
    long = "Título del artículo\n" + ("Una frase larga sobre tus derechos. " * 80)
    reply = OutboundMessage(
        long,
        choices=(Choice("topic:health", "Salud"), Choice("human", "Hablar con una persona")),
        kind="answer",
    )
    rendered = render([reply], lang="es", state={})
    assert len(rendered) >= 2 and all(len(r.payload["body"]) <= MAX_BODY for r in rendered)
    assert rendered[0].payload["body"].startswith("*Título del artículo*\n")
    last = rendered[-1].payload["body"]
    assert "1. Salud\n2. Hablar con una persona" in last and last.endswith("_")
    assert rendered[-1].choices and not rendered[0].choices


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mira migracion.gob.ec/visas hoy", "Mira https://migracion.gob.ec/visas hoy"),
        ("Ya es https://www.acnur.org/ec", "Ya es https://www.acnur.org/ec"),
        ("Escribe a ayuda@acnur.org", "Escribe a ayuda@acnur.org"),
        ("Cuesta 2.50 dólares", "Cuesta 2.50 dólares"),
    ],
)
def test_links_are_tappable(text: str, expected: str) -> None:
    assert tappable(text) == expected


def test_the_account_fixture_matches() -> None:
    assert dict(fields(fixture("text")))["AccountSid"] == ACCOUNT


async def test_the_engine_renders_whatsapp_for_rumbo_ask(sqlite_runtime) -> None:
    from bot.cli import _check_channel
    from tests.conftest import Person

    _check_channel("whatsapp")  # `rumbo ask/chat --channel whatsapp` accepted
    result = await Person(sqlite_runtime, "whatsapp", "cli:wa").says("hola")
    assert result.rendered and all("body" in r.payload for r in result.rendered)
    assert any("1. " in r.text for r in result.rendered)
