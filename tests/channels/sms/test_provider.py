"""The Twilio provider's reading of webhook forms, over the captured fixtures."""

from __future__ import annotations

import pytest
from starlette.datastructures import FormData

from bot.channels.sms.inbox import to_message
from bot.channels.sms.provider import MalformedWebhook, normalise_number
from bot.channels.sms.twilio_provider import TwilioProvider
from tests.channels.sms.conftest import ACCOUNT, FROM, TOKEN, fields, fixture


@pytest.fixture
async def provider():
    made = TwilioProvider(
        account_sid=ACCOUNT, auth_token=TOKEN, sender=FROM, api_url="http://127.0.0.1:9"
    )
    yield made
    await made.close()


def form(name: str, **changes: str) -> FormData:
    return FormData([(k, changes.get(k, v)) for k, v in fields(fixture(name))])


@pytest.mark.parametrize(
    ("name", "sender", "text", "segments", "answered"),
    [
        ("plain", "+593990000101", "hola, puedo ir al hospital sin papeles", 1, False),
        (
            "accented",
            "+593990000102",
            "¿Dónde está la oficina de migración? Necesito información",
            1,
            False,
        ),
        ("emoji", "+593990000103", "hola 👋 necesito ayuda con mi visa 🙏", 1, False),
        ("stop", "+593990000105", "STOP", 1, True),
        ("parar", "+593990000106", "Parar ", 1, False),
        ("national_number", "+593990000107", "menu", 1, False),
    ],
)
def test_inbound_fixtures(provider, name, sender, text, segments, answered) -> None:
    sms = provider.parse_inbound(form(name))
    assert (sms.sender, sms.text, sms.segments, sms.provider_answered) == (
        sender,
        text,
        segments,
        answered,
    )
    message = to_message(sms)
    assert message.channel == "sms" and message.external_id == sms.external_id
    assert message.kind == "text" and message.user == sender


def test_multi_segment_inbound_arrives_whole(provider) -> None:
    sms = provider.parse_inbound(form("multi_segment"))
    assert sms.segments == 2 and len(sms.text) > 160


@pytest.mark.parametrize(
    ("body", "opt_out_type", "answered"),
    [
        ("STOP", "", True),
        ("stop ", "", True),
        ("START", "", True),
        ("STOP please", "", False),  # Twilio matches the whole message only
        ("PARAR", "", False),  # not a Twilio default: Rumbo confirms
        ("PARAR", "STOP", True),  # Advanced Opt-Out answered it
        ("ALTA", "START", True),
        ("AYUDA", "HELP", False),  # our help is the useful one
    ],
)
def test_what_twilio_answered_itself(provider, body, opt_out_type, answered) -> None:
    changes = {"Body": body}
    data = [(k, changes.get(k, v)) for k, v in fields(fixture("plain"))]
    if opt_out_type:
        data.append(("OptOutType", opt_out_type))
    assert provider.parse_inbound(FormData(data)).provider_answered is answered


def test_media_without_text_is_media(provider) -> None:
    sms = provider.parse_inbound(form("plain", Body="", NumMedia="1"))
    assert to_message(sms).kind == "media"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+593990000101", "+593990000101"),
        ("0990000101", "+593990000101"),
        ("+593 99 000 0101", "+593990000101"),
        ("+1 415-555-0100", "+14155550100"),
    ],
)
def test_numbers_are_normalised_to_e164(raw, e164) -> None:
    assert normalise_number(raw) == e164


@pytest.mark.parametrize("raw", ["", "hola", "123", "+59399"])
def test_not_numbers_are_malformed(raw) -> None:
    with pytest.raises(MalformedWebhook):
        normalise_number(raw)


@pytest.mark.parametrize(
    ("name", "status", "code", "opted_out", "retryable"),
    [
        ("status_sent", "sent", None, False, False),
        ("status_delivered", "delivered", None, False, False),
        ("status_undelivered_21610", "undelivered", "21610", True, False),
        ("status_failed_30001", "failed", "30001", False, True),
        ("status_undelivered_30007", "undelivered", "30007", False, False),
    ],
)
def test_status_fixtures(provider, name, status, code, opted_out, retryable) -> None:
    report = provider.parse_status(form(name))
    assert (report.status, report.error_code, report.opted_out, report.retryable) == (
        status,
        code,
        opted_out,
        retryable,
    )
