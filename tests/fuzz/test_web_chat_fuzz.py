"""The web chat's JSON at the edge: never a 500, and a valid message is stored exactly once."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.storage.models import Message
from tests.fuzz.conftest import ALLOWED
from tests.fuzz.strategies import dumps, json_values, raw_bodies, wild_text

JSON = {"Content-Type": "application/json"}


async def inbound_count(runtime) -> int:
    async with runtime.db.sessions() as session:
        statement = select(func.count()).select_from(Message).where(Message.direction == "in")
        return int(await session.scalar(statement) or 0)


@given(body=raw_bodies)
async def test_any_body_gets_an_allowed_status(web, body: bytes) -> None:
    client, _ = web
    response = await client.post("/chat/message", content=body, headers=JSON)
    assert response.status_code in ALLOWED, response.text


@given(
    fields=st.dictionaries(
        st.sampled_from(["text", "choice_id", "location", "lang", "extra"]), json_values
    )
)
async def test_any_object_gets_an_allowed_status(web, fields: dict[str, object]) -> None:
    client, _ = web
    response = await client.post("/chat/message", content=dumps(fields), headers=JSON)
    assert response.status_code in ALLOWED, response.text


@given(text=wild_text.filter(lambda t: t.strip()), lang=st.sampled_from([None, "es", "en"]))
async def test_a_valid_message_is_stored_exactly_once(web, text: str, lang: str | None) -> None:
    client, runtime = web
    try:
        # What the server reads: JSON joins an escaped surrogate pair ("\ud800\udc00") into one
        # valid character, while a lone surrogate stays one and cannot be stored.
        json.loads(dumps(text)).encode("utf-8")
    except UnicodeEncodeError:
        valid = False
    else:
        valid = True
    client.cookies.clear()
    before = await inbound_count(runtime)
    body = {"text": text} | ({"lang": lang} if lang else {})
    response = await client.post("/chat/message", content=dumps(body), headers=JSON)
    assert response.status_code == (200 if valid else 400), response.text
    assert await inbound_count(runtime) == before + (1 if valid else 0)
