"""A shared location on WhatsApp (issue 17): nearest services, the province kept, no coordinate
left in the database after the turn (real Twilio webhook and inbound worker;
tests/fixtures/whatsapp/location.txt)."""

from __future__ import annotations

from tests.channels.stored import WHATSAPP_DIGITS, everything_stored, kept


async def test_whatsapp_location_keeps_the_province_and_no_coordinates(wa) -> None:  # type: ignore[no-untyped-def]
    assert (await wa.post_fixture("location")).status_code == 200
    await wa.process()
    assert "Quito" in wa.fake.sent[-1].form["Body"], "the nearest city's services"
    province, payload = await kept(wa.runtime, "whatsapp")
    assert province == "EC-P"
    assert payload.get("kind") == "location"
    stored = await everything_stored(wa.runtime)
    for digits in WHATSAPP_DIGITS:
        assert digits not in stored, f"a coordinate ({digits}) is still stored"
