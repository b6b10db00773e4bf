"""Telegram's raw updates in the shared inbound queue (issue 17): the chat id, the name and the
text are never readable in clear in the database, pending or done; rows stored in clear by the
old queue are migrated (0008_inbound) and sealed at start-up, then answered."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from bot.storage.crypto import Protector
from bot.storage.db import connect
from bot.storage.inbound import sender_key
from bot.storage.migrate import upgrade_async
from bot.storage.models import InboundEvent
from tests.channels.telegram.conftest import fixture_bytes, fixture_json
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.conftest import TEST_SECRET

CHAT = "100000001"
CLEAR = (CHAT, '"Ana"', "medico sin cedula")


async def raw_queue(db) -> str:  # type: ignore[no-untyped-def]
    async with db.engine.connect() as conn:
        found = (await conn.execute(text("SELECT * FROM inbound_events"))).all()
    return "\n".join(repr(tuple(row)) for row in found)


async def test_a_stored_update_is_sealed_and_its_chat_only_hashed(start_app) -> None:
    async with start_app(run_workers=False) as running:
        assert (await running.post_update(fixture_bytes("text.json"))).status_code == 200
        stored = await raw_queue(running.runtime.db)
        for needle in CLEAR:
            assert needle not in stored, f"{needle} readable in clear"
        async with running.runtime.db.sessions() as session:
            event = (await session.scalars(select(InboundEvent))).one()
        assert event.order_key == sender_key(running.runtime.protector, "telegram", CHAT)
        opened = json.loads(running.runtime.protector.decrypt(event.payload["sealed"]))
        assert opened == fixture_json("text.json"), "sealed whole, opened unchanged"
        await running.app.state.inbound.drain()
        stored = await raw_queue(running.runtime.db)
        for needle in CLEAR:
            assert needle not in stored, f"{needle} readable in clear once processed"


async def test_rows_of_the_old_queue_are_migrated_sealed_and_answered(
    tmp_path, start_app, fake: FakeBotApi
) -> None:  # type: ignore[no-untyped-def]
    """Before 0008_inbound, Telegram kept raw updates in clear (and for ever when it gave up)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'rumbo.db'}"
    await upgrade_async(url, "0006_quality")
    data = fixture_json("text.json")
    protector = Protector(TEST_SECRET)
    old_key = protector.lookup_hash("telegram", CHAT)
    db = connect(url)
    insert = text(
        "INSERT INTO inbound_events (channel, external_id, order_key, payload, status, attempts,"
        " received_at) VALUES ('telegram', :external_id, :key, :payload, :status, :attempts,"
        " CURRENT_TIMESTAMP)"
    )
    given_up = data | {"update_id": 900000000}
    async with db.engine.begin() as conn:
        for external_id, payload, status, attempts in (
            (str(data["update_id"]), data, "pending", 0),
            ("False", data | {"update_id": False}, "pending", 0),
            ("900000000", given_up, "failed", 5),
        ):
            await conn.execute(
                insert,
                {
                    "external_id": external_id,
                    "key": old_key,
                    "payload": json.dumps(payload),
                    "status": status,
                    "attempts": attempts,
                },
            )
    await upgrade_async(url)
    async with db.sessions() as session:
        rows = {e.external_id: e for e in await session.scalars(select(InboundEvent))}
    await db.dispose()
    assert rows["900000000"].payload == {} and rows["900000000"].order_key is None
    assert rows["False"].status == "failed" and rows["False"].payload == {}
    assert rows[str(data["update_id"])].sequence == data["update_id"]
    async with start_app(database_url=url) as running:
        await fake.wait_for("sendMessage")
        assert {m["chat_id"] for m in fake.sent()} == {CHAT}
        await running.app.state.inbound.drain()
        stored = await raw_queue(running.runtime.db)
    for needle in CLEAR:
        assert needle not in stored, f"{needle} readable in clear after the upgrade"
