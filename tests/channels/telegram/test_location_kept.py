"""A shared location on Telegram (issue 17): nearest services, the province kept, no coordinate
left in the database after the turn (real webhook and worker; fixture: location.json)."""

from __future__ import annotations

from tests.channels.stored import TELEGRAM_DIGITS, everything_stored, kept
from tests.channels.telegram.conftest import fixture_bytes
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.channels.telegram.test_webhook import settle


async def test_telegram_location_keeps_the_province_and_no_coordinates(
    start_app, fake: FakeBotApi
) -> None:
    async with start_app() as running:
        await running.post_update(fixture_bytes("location.json"))
        await fake.wait_for("sendMessage")
        await settle(running, fake)
        assert "Quito" in fake.sent()[0]["text"], "the nearest city's services"
        province, payload = await kept(running.runtime, "telegram")
        assert province == "EC-P"
        assert payload.get("kind") == "location"
        stored = await everything_stored(running.runtime)
    for digits in TELEGRAM_DIGITS:
        assert digits not in stored, f"a coordinate ({digits}) is still stored"


async def test_a_location_update_given_up_keeps_no_coordinate(start_app, fake: FakeBotApi) -> None:
    """Processing that fails MAX_ATTEMPTS times gives the update up: its raw copy (here a
    shared location) is dropped, not kept for ever."""
    from datetime import timedelta

    from bot.storage.inbound import MAX_ATTEMPTS
    from bot.storage.models import utcnow

    async with start_app(run_workers=False) as running:
        assert (await running.post_update(fixture_bytes("location.json"))).status_code == 200
        inbox = running.app.state.inbound.queue
        gave_up, now = False, utcnow()
        for attempt in range(MAX_ATTEMPTS):
            now += timedelta(minutes=5)
            (item,) = await inbox.claim(limit=1, busy=set(), now=now)
            gave_up = await inbox.retry_later(item)
            assert gave_up == (attempt == MAX_ATTEMPTS - 1)
        assert gave_up and await inbox.pending_count() == 0
        stored = await everything_stored(running.runtime)
    for digits in TELEGRAM_DIGITS:
        assert digits not in stored, f"a coordinate ({digits}) is still stored"
