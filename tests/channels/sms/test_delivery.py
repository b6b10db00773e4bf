"""Sending through twilio's client (errors injected in the fake) and delivery status callbacks."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest

from bot.channels.outbox import SendError
from bot.channels.sms.twilio_provider import TwilioProvider
from tests.channels.sms.conftest import ACCOUNT, FROM, PUBLIC, TOKEN, fields, fixture

NUMBER = "+593990000401"


async def asked(sms, n: int = 1) -> None:
    """The person asks; the reply is stored and waits in the outbox."""
    await sms.post(
        f"MessageSid=SM{n:032x}&From=%2B593990000401&To=%2B15005550006&Body=puedo+ir+al+medico"
    )
    await sms.runtime.inbound.run_pass()


async def test_delivered_then_late_sent_keeps_delivered(sms) -> None:
    await asked(sms)
    await sms.runtime.outbox.run_once()
    sid = sms.fake.sent[0].sid
    for name in ["status_sent", "status_delivered", "status_sent", "status_delivered"]:
        response = await sms.status(name, sid)
        assert response.status_code == 200 and response.text.endswith("<Response/>")
    [row] = await sms.outbound()
    assert row.status == "delivered"


async def test_out_of_order_delivered_before_sent(sms) -> None:
    await asked(sms)
    await sms.runtime.outbox.run_once()
    sid = sms.fake.sent[0].sid
    await sms.status("status_delivered", sid)
    await sms.status("status_sent", sid)
    [row] = await sms.outbound()
    assert row.status == "delivered"


async def test_undelivered_21610_marks_the_contact_opted_out(sms) -> None:
    await asked(sms)
    await sms.runtime.outbox.run_once()
    await sms.status("status_undelivered_21610", sms.fake.sent[0].sid)
    [row] = await sms.outbound()
    assert row.status == "undelivered" and row.last_error == "opted_out"
    contact = await sms.contact(NUMBER)
    assert contact is not None and contact.opted_out
    await asked(sms, 2)  # the next question gets no answer
    await sms.runtime.outbox.run_once()
    assert len(sms.fake.sent) == 1


async def test_temporary_failure_is_sent_again_and_late_reports_match_nothing(sms) -> None:
    await asked(sms)
    outbox = sms.runtime.outbox
    await outbox.run_once()
    first = sms.fake.sent[0].sid
    await sms.status("status_failed_30001", first)
    [row] = await sms.outbound()
    assert row.status == "queued" and row.provider_id is None
    outbox.clock = lambda: row.next_attempt_at  # the backoff has passed
    await outbox.run_once()
    assert len(sms.fake.sent) == 2
    second = sms.fake.sent[1].sid
    await sms.status("status_delivered", second)
    await sms.status("status_sent", first)  # a late report about the first attempt
    [row] = await sms.outbound()
    assert row.status == "delivered" and row.provider_id == second


async def test_a_report_confirms_a_send_the_dead_process_never_recorded(sms) -> None:
    await asked(sms)
    outbox = sms.runtime.outbox
    [claimed] = await outbox.claim()
    sender = outbox.senders["sms"]
    await sender.send(claimed.address, claimed.payload, message_id=claimed.message_id)
    # ...and here the process dies: the row stays claimed with no Twilio id.
    created = sms.fake.sent[0]
    [row] = await sms.outbound()
    assert row.status == "sending" and row.provider_id is None
    callback = created.form["StatusCallback"]
    path = callback.removeprefix(PUBLIC)
    assert path == f"/webhooks/twilio/status?m={row.id}"

    body = urlencode(
        [
            (k, created.sid if k in ("MessageSid", "SmsSid") else v)
            for k, v in fields(fixture("status_sent"))
        ]
    )
    forged = await sms.post(
        body, path=path.replace(f"m={row.id}", f"m={row.id + 1}"), signed_url=callback
    )
    assert forged.status_code == 403  # the outbox id is covered by Twilio's signature
    response = await sms.post(body, path=path)
    assert response.status_code == 200

    [row] = await sms.outbound()
    assert row.status == "sent" and row.provider_id == created.sid
    outbox.clock = lambda: row.next_attempt_at + timedelta(minutes=5)  # the claim expired
    assert await outbox.run_once() == 0
    assert len(sms.fake.sent) == 1, "sent once, not again after the crash"


async def test_a_report_does_not_confirm_a_reply_queued_again_after_a_failure(sms) -> None:
    await asked(sms)
    outbox = sms.runtime.outbox
    await outbox.run_once()
    first = sms.fake.sent[0]
    await sms.status("status_failed_30001", first.sid)
    [row] = await sms.outbound()
    assert row.status == "queued"
    path = first.form["StatusCallback"].removeprefix(PUBLIC)
    late = urlencode(
        [
            (k, first.sid if k in ("MessageSid", "SmsSid") else v)
            for k, v in fields(fixture("status_sent"))
        ]
    )
    await sms.post(late, path=path)  # an out-of-order "sent" about the failed attempt
    [row] = await sms.outbound()
    assert row.status == "queued" and row.provider_id is None


async def test_permanent_failure_is_not_retried(sms) -> None:
    await asked(sms)
    await sms.runtime.outbox.run_once()
    await sms.status("status_undelivered_30007", sms.fake.sent[0].sid)
    [row] = await sms.outbound()
    assert row.status == "undelivered" and row.last_error == "twilio_30007"
    await sms.runtime.outbox.run_once()
    assert len(sms.fake.sent) == 1


@pytest.mark.parametrize(
    ("code", "status", "retried"),
    [
        (20429, "queued", True),
        (20500, "queued", True),
        (21610, "failed", False),
        (21211, "failed", False),
        (21614, "failed", False),
        (21612, "failed", False),
    ],
)
async def test_rest_errors_through_the_outbox(sms, code, status, retried) -> None:
    sms.fake.fail_next(code)
    await asked(sms)
    await sms.runtime.outbox.run_once()
    [row] = await sms.outbound()
    assert row.status == status
    assert (row.next_attempt_at is not None) is retried
    contact = await sms.contact(NUMBER)
    assert contact is not None
    assert contact.opted_out is (code == 21610)
    assert contact.unreachable is (code in (21211, 21614, 21612))


@pytest.mark.parametrize(
    ("code", "reason", "retryable", "opted_out"),
    [
        (21610, "opted_out", False, True),
        (20429, "rate_limited", True, False),
        (20500, "provider_500", True, False),
        (21211, "twilio_21211", False, False),
        (21612, "twilio_21612", False, False),
    ],
)
async def test_provider_maps_errors(fake_twilio, code, reason, retryable, opted_out) -> None:
    provider = TwilioProvider(
        account_sid=ACCOUNT, auth_token=TOKEN, sender=FROM, api_url=fake_twilio.url
    )
    fake_twilio.fail_next(code)
    with pytest.raises(SendError) as caught:
        await provider.send(NUMBER, "hola", status_callback=None)
    await provider.close()
    error = caught.value
    assert (error.reason, error.retryable, error.opted_out) == (reason, retryable, opted_out)
    assert NUMBER not in str(error) and error.__cause__ is None


async def test_timeout_is_retryable(fake_twilio) -> None:
    provider = TwilioProvider(
        account_sid=ACCOUNT, auth_token=TOKEN, sender=FROM, api_url=fake_twilio.url, timeout=0.2
    )
    fake_twilio.delay = 1.0
    with pytest.raises(SendError) as caught:
        await provider.send(NUMBER, "hola", status_callback=None)
    await provider.close()
    assert caught.value.reason == "timeout" and caught.value.retryable


async def test_messaging_service_sid_is_sent_as_such(fake_twilio) -> None:
    service = "MG" + "1" * 32
    provider = TwilioProvider(
        account_sid=ACCOUNT, auth_token=TOKEN, sender=service, api_url=fake_twilio.url
    )
    sid = await provider.send(NUMBER, "hola", status_callback="https://x.example/cb")
    await provider.close()
    form = fake_twilio.sent[0].form
    assert sid == fake_twilio.sent[0].sid
    assert form["MessagingServiceSid"] == service and "From" not in form
    assert form["StatusCallback"] == "https://x.example/cb"
