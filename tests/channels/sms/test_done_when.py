"""Issue 6, "Done when", as tests: through the real app, twilio's client and a fake Twilio."""

from __future__ import annotations

import asyncio

import pytest

from bot import gsm7
from bot.knowledge.compose import sms_text
from tests.channels.sms.conftest import ACCOUNT, FROM, PUBLIC, TOKEN

HEALTH_SENDER = "+593990000101"  # the From of fixtures/sms/plain.txt


async def test_signed_question_gets_one_sms_with_the_health_answer(sms) -> None:
    response = await sms.post("plain")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text.endswith("<Response/>")
    assert sms.fake.requests == []  # the answer goes out through the REST API, not the TwiML

    await sms.process()

    assert len(sms.fake.sent) == 1
    created = sms.fake.sent[0]
    body = created.form["Body"]
    article = sms.runtime.kb.article("health-access", "es")
    # issue 13: the page count ("(1/5, MAS para seguir)") sits between the answer and its footer
    summary, footer = sms_text(article, today=sms.runtime.engine.clock().date()).split(" Fuente:")
    assert summary in body and f"Fuente:{footer}" in body and "MAS para seguir" in body
    assert "Fuente:" in body
    assert gsm7.encoding_of(body) == "GSM-7"
    assert gsm7.segment_count(body) <= 2
    assert created.form["To"] == HEALTH_SENDER
    assert created.form["From"] == FROM
    assert created.account == ACCOUNT and created.auth == (ACCOUNT, TOKEN)
    [row] = await sms.outbound()
    assert created.form["StatusCallback"] == f"{PUBLIC}/webhooks/twilio/status?m={row.id}"
    assert row.status == "sent" and row.provider_id == created.sid


async def test_the_same_message_sid_again_sends_nothing(sms) -> None:
    await sms.post("plain")
    await sms.process()
    again = await sms.post("plain")
    assert again.status_code == 200 and again.text.endswith("<Response/>")
    await sms.process()
    assert len(sms.fake.sent) == 1
    assert len(await sms.outbound()) == 1


async def test_unsigned_request_gets_403_and_nothing_is_stored(sms) -> None:
    response = await sms.post("plain", signature="")
    assert response.status_code == 403
    await sms.process()
    assert sms.fake.requests == []
    assert await sms.contact(HEALTH_SENDER) is None


async def test_after_baja_nothing_more_is_sent(sms) -> None:
    number = "+593990000301"
    await sms.says("hola", sid="SM" + "a1" * 16, sender=number)
    await sms.says("BAJA", sid="SM" + "a2" * 16, sender=number)
    assert len(sms.fake.sent) == 2
    assert "ALTA" in sms.fake.sent[1].form["Body"]  # the one confirmation
    for n, text in enumerate(["hola", "puedo ir al medico sin cedula", "MENU", "AYUDA", "BAJA"]):
        await sms.says(text, sid=f"SM{n:032x}", sender=number)
    assert len(sms.fake.sent) == 2
    contact = await sms.contact(number)
    assert contact is not None and contact.opted_out


@pytest.mark.parametrize("worker_thread", [False, True], ids=["app-loop", "worker-thread"])
async def test_workers_answer_on_their_own(
    tmp_path, kb, nlu, fake_twilio, monkeypatch, worker_thread
) -> None:
    """With the workers running (as in production) the reply leaves without any manual step,
    whether they share the app's event loop or run on their own in a thread (#19)."""
    import httpx

    import bot.web.workers

    # retention_loop swallows its cancellation (bot/storage/retention.py), so the app could not
    # shut down; it is not what this test is about.
    async def no_retention(*_args: object, **_kwargs: object) -> None:
        return None

    monkeypatch.setattr(bot.web.workers, "retention_loop", no_retention)

    from bot.runtime import build_runtime
    from bot.web.app import create_app
    from tests.channels.sms.conftest import SmsHarness, sms_settings

    url = f"sqlite+aiosqlite:///{tmp_path / 'workers.db'}"
    settings = sms_settings(
        tmp_path,
        url,
        fake_twilio,
        run_workers=True,
        outbox_interval=0.05,
        worker_thread=worker_thread,
    )
    runtime = build_runtime(settings, kb=kb, nlu=nlu)
    app = create_app(settings, runtime=runtime, migrate=True)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://internal") as client:
            harness = SmsHarness(client, runtime, fake_twilio)
            assert (await harness.post("plain")).status_code == 200
            for _ in range(200):
                if fake_twilio.sent:
                    break
                await asyncio.sleep(0.05)
    await runtime.close()
    assert len(fake_twilio.sent) == 1
