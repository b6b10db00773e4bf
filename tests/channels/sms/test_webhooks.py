"""Signatures and malformed deliveries: table-driven over the captured fixtures."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.storage.models import InboundEvent
from tests.channels.sms.conftest import PUBLIC, fixture, sign

INBOUND = ["plain", "accented", "emoji", "multi_segment", "stop", "parar", "national_number"]


async def events(sms) -> int:
    async with sms.runtime.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(InboundEvent)))


@pytest.mark.parametrize("name", INBOUND)
async def test_every_fixture_is_accepted_with_empty_twiml(sms, name) -> None:
    response = await sms.post(name)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text == '<?xml version="1.0" encoding="UTF-8"?><Response/>'
    assert await events(sms) == 1


@pytest.mark.parametrize(
    ("case", "kwargs"),
    [
        ("missing", {"signature": ""}),
        (
            "wrong token",
            {"signature": sign(f"{PUBLIC}/webhooks/twilio/sms", fixture("plain"), "x")},
        ),
        ("other url", {"signed_url": "https://evil.example.org/webhooks/twilio/sms"}),
        ("http instead of https", {"signed_url": "http://rumbo.example.org/webhooks/twilio/sms"}),
        ("internal url the app sees", {"signed_url": "http://internal:8000/webhooks/twilio/sms"}),
        ("garbage", {"signature": "bm90IGEgc2lnbmF0dXJl"}),
    ],
)
async def test_bad_signatures_get_403_and_nothing_is_stored(sms, case, kwargs) -> None:
    response = await sms.post("plain", **kwargs)
    assert response.status_code == 403, case
    assert await events(sms) == 0


async def test_tampered_body_gets_403(sms) -> None:
    body = fixture("plain")
    signature = sign(f"{PUBLIC}/webhooks/twilio/sms", body)
    tampered = body.replace("hospital", "consulado")
    response = await sms.post(tampered, signature=signature)
    assert response.status_code == 403
    assert await events(sms) == 0


async def test_signature_with_explicit_default_port_is_accepted(sms) -> None:
    response = await sms.post(
        "plain", signed_url="https://rumbo.example.org:443/webhooks/twilio/sms"
    )
    assert response.status_code == 200


async def test_url_with_query_string_is_signed_over_the_raw_query(sms) -> None:
    path = "/webhooks/twilio/sms?site=quito&v=2"
    assert (await sms.post("plain", path=path)).status_code == 200
    # the same signature without the query string does not hold for this URL
    wrong = sign(f"{PUBLIC}/webhooks/twilio/sms", fixture("accented"))
    assert (await sms.post("accented", path=path, signature=wrong)).status_code == 403


async def test_unknown_and_repeated_parameters_are_part_of_the_signature(sms) -> None:
    body = fixture("accented") + "&NewTwilioField=x&MediaUrl=a&MediaUrl=b"
    assert (await sms.post(body)).status_code == 200
    signature = sign(f"{PUBLIC}/webhooks/twilio/sms", body)
    dropped = body.replace("&MediaUrl=b", "")
    assert (await sms.post(dropped, signature=signature)).status_code == 403


async def test_not_a_form_is_refused(sms) -> None:
    response = await sms.post(fixture("plain"), headers={"Content-Type": "application/json"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("From=%2B593990000101&Body=hola", "no MessageSid"),
        ("MessageSid=SM123&From=%2B593990000101&Body=hola", "short MessageSid"),
        ("MessageSid=SM" + "0" * 32 + "&Body=hola", "no From"),
        ("MessageSid=SM" + "0" * 32 + "&From=not-a-number&Body=hola", "From not a number"),
    ],
)
async def test_signed_but_malformed_gets_400(sms, body, reason) -> None:
    response = await sms.post(body)
    assert response.status_code == 400, reason
    assert await events(sms) == 0


async def test_oversized_body_is_refused(sms) -> None:
    body = fixture("plain") + "&Padding=" + "x" * 70_000
    assert (await sms.post(body)).status_code == 413


async def test_status_callbacks_need_a_signature_too(sms) -> None:
    body = fixture("status_delivered")
    response = await sms.post(body, path="/webhooks/twilio/status", signature="")
    assert response.status_code == 403
    signed_elsewhere = sign(f"{PUBLIC}/webhooks/twilio/sms", body)
    response = await sms.post(body, path="/webhooks/twilio/status", signature=signed_elsewhere)
    assert response.status_code == 403


async def test_only_post_is_routed(sms) -> None:
    assert (await sms.client.get("/webhooks/twilio/sms")).status_code == 405
