"""Telegram updates at the edge: never a 500, and a valid update is stored exactly once."""

from __future__ import annotations

import itertools
import json

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.storage.models import InboundEvent
from tests.channels.telegram.conftest import HEADERS, fixture_json
from tests.fuzz.conftest import ALLOWED
from tests.fuzz.strategies import json_values, raw_bodies, wild_text

FIXTURES = ["text.json", "callback_query.json", "location.json", "photo.json", "voice.json"]
_ids = itertools.count(10_000_000)


@given(body=raw_bodies)
async def test_any_body_gets_an_allowed_status(telegram, body: bytes) -> None:
    response = await telegram.post_update(body)
    assert response.status_code in ALLOWED


@given(
    name=st.sampled_from(FIXTURES),
    path=st.lists(
        st.sampled_from(
            [
                "message",
                "callback_query",
                "chat",
                "from",
                "text",
                "id",
                "date",
                "location",
                "latitude",
                "update_id",
            ]
        ),
        max_size=3,
    ),
    value=json_values,
)
async def test_mutated_updates_get_an_allowed_status(telegram, name, path, value) -> None:
    update = fixture_json(name)
    update["update_id"] = next(_ids)
    target = update
    for key in path[:-1]:
        child = target.get(key) if isinstance(target, dict) else None
        if not isinstance(child, dict):
            break
        target = child
    if path and isinstance(target, dict):
        target[path[-1]] = value
    response = await telegram.post_update(json.dumps(update, allow_nan=True).encode())
    assert response.status_code in ALLOWED


@given(name=st.sampled_from(FIXTURES), text=wild_text)
async def test_a_valid_update_is_stored_exactly_once(telegram, name, text) -> None:
    update = fixture_json(name)
    update["update_id"] = update_id = next(_ids)
    if "message" in update and "text" in update["message"]:
        update["message"]["text"] = text
    body = json.dumps(update).encode()
    try:
        text.encode("utf-8")
        valid = True
    except UnicodeEncodeError:
        valid = "text" not in update.get("message", {})
    first = await telegram.client.post("/webhooks/telegram", content=body, headers=HEADERS)
    again = await telegram.client.post("/webhooks/telegram", content=body, headers=HEADERS)
    async with telegram.runtime.db.sessions() as session:
        stored = await session.scalar(
            select(func.count())
            .select_from(InboundEvent)
            .where(InboundEvent.external_id == str(update_id))
        )
    assert (first.status_code, again.status_code) == ((200, 200) if valid else (400, 400))
    assert stored == (1 if valid else 0)
