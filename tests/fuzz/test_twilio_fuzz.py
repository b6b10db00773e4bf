"""Twilio forms at the edge (SMS webhook and status callback), signed so the parser is reached:
never a 500, and a valid SMS is stored exactly once."""

from __future__ import annotations

import itertools
from urllib.parse import quote, urlencode

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.storage.models import InboundEvent
from tests.channels.sms.conftest import ACCOUNT, FROM, PUBLIC, sign
from tests.fuzz.conftest import ALLOWED
from tests.fuzz.strategies import odd_ids

KEYS = [
    "MessageSid",
    "SmsSid",
    "AccountSid",
    "From",
    "To",
    "Body",
    "NumMedia",
    "NumSegments",
    "MessageStatus",
    "SmsStatus",
    "ErrorCode",
    "OptOutType",
    "MediaUrl0",
]
form_text = st.text(max_size=60)
forms = st.lists(st.tuples(st.sampled_from(KEYS) | form_text, form_text), max_size=12)
_sids = itertools.count(1)


async def post_signed(sms, path: str, pairs: list[tuple[str, str]]):
    body = urlencode(pairs)
    return await sms.post(body or "x=", path=path, signature=sign(f"{PUBLIC}{path}", body or "x="))


@given(pairs=forms)
async def test_any_signed_sms_form_gets_an_allowed_status(sms, pairs) -> None:
    response = await post_signed(sms, "/webhooks/twilio/sms", pairs)
    assert response.status_code in ALLOWED, response.text


@given(pairs=forms, outbox_id=odd_ids)
async def test_any_signed_status_callback_gets_an_allowed_status(
    sms, monkeypatch, pairs, outbox_id
) -> None:
    # An unknown report is looked up again for 1.7 s in production; not here.
    monkeypatch.setattr("bot.channels.sms.webhooks.UNKNOWN_RETRIES", ())
    pairs = [*pairs, ("MessageSid", "SM" + "a" * 32), ("MessageStatus", "delivered")]
    path = f"/webhooks/twilio/status?m={quote(outbox_id)}"
    response = await post_signed(sms, path, pairs)
    assert response.status_code in ALLOWED, response.text


@given(text=st.text(max_size=400), sender=st.sampled_from(["+593990000201", "0991234567"]))
async def test_a_valid_sms_is_stored_exactly_once(sms, text, sender) -> None:
    sid = f"SM{next(_sids):032x}"
    pairs = [
        ("MessageSid", sid),
        ("AccountSid", ACCOUNT),
        ("From", sender),
        ("To", FROM),
        ("Body", text),
    ]
    first = await post_signed(sms, "/webhooks/twilio/sms", pairs)
    again = await post_signed(sms, "/webhooks/twilio/sms", pairs)
    assert first.status_code == again.status_code == 200
    async with sms.runtime.db.sessions() as session:
        stored = await session.scalar(
            select(func.count()).select_from(InboundEvent).where(InboundEvent.external_id == sid)
        )
    assert stored == 1
