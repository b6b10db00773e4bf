"""The console's media route (#17, #18): a voice note plays and a photo shows in the transcript,
served only to a signed-in caseworker who may read the conversation, under the type its bytes
showed, never cached, inline; refused files are named in the caseworker's language."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bot.media import policy
from bot.storage.models import Media
from tests import media_samples as samples
from tests.conftest import Person
from tests.console.conftest import ConsoleUser, csrf_of, sign_in

VOICE = policy.check(samples.ogg_voice(3000), "audio/ogg")
PHOTO = policy.check(samples.png(), "image/jpeg")  # declared JPEG, stored as what it is
PDF = policy.check(samples.pdf(), "application/pdf")


async def _media(runtime) -> list[Media]:  # type: ignore[no-untyped-def]
    async with runtime.db.sessions() as session:
        return list(await session.scalars(select(Media).order_by(Media.id)))


async def test_voice_photo_and_pdf_are_served_to_a_caseworker_only(
    console: httpx.AsyncClient, accounts, sqlite_runtime
) -> None:
    person = Person(sqlite_runtime, "telegram", "700100900")
    asked = await person.says("", kind="media", attachments=(VOICE,))
    await person.says("", kind="media", attachments=(PHOTO, PDF))
    voice, photo, document = await _media(sqlite_runtime)

    anonymous = await console.get(f"/console/media/{voice.id}")
    assert anonymous.status_code == 303 and "/console/login" in anonymous.headers["location"]
    assert VOICE.data not in anonymous.content
    await sign_in(console, "ana@example.org")
    page = (await console.get(f"/console/conversations/{asked.conversation_id}")).text
    assert "Nota de voz" in page  # the console speaks Spanish first
    assert f'<audio controls preload="none" src="/console/media/{voice.id}">' in page
    assert f'<img src="/console/media/{photo.id}" alt="Foto enviada por la persona">' in page
    assert f'href="/console/media/{document.id}"' in page and "Abrir el documento (PDF)" in page

    for row, data, content_type in (
        (voice, VOICE.data, "audio/ogg"),
        (photo, PHOTO.data, "image/png"),
        (document, PDF.data, "application/pdf"),
    ):
        served = await console.get(f"/console/media/{row.id}")
        assert served.status_code == 200 and served.content == data
        assert served.headers["content-type"] == content_type
        assert served.headers["cache-control"].startswith("no-store")
        assert served.headers["content-disposition"].startswith("inline; filename=")
        assert served.headers["x-content-type-options"] == "nosniff"
    assert (await console.get("/console/media/999999")).status_code == 404
    assert (await console.get("/console/media/abc")).status_code == 404


async def test_a_caseworker_who_may_not_read_the_conversation_gets_404(
    console: httpx.AsyncClient, accounts, sqlite_runtime
) -> None:
    person = Person(sqlite_runtime, "whatsapp", "whatsapp:+593990000777")
    asked = await person.says("", kind="media", attachments=(VOICE,))
    [row] = await _media(sqlite_runtime)
    # Ana claims the ticket: Luis no longer needs to know
    await sign_in(console, "ana@example.org")
    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    ana = ConsoleUser(console)
    ana.token = csrf_of(page.text)
    from bot.storage.models import Ticket

    async with sqlite_runtime.db.sessions() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None
    assert await ana.act(ticket.id, "claim") == "claimed"
    app = console._transport.app  # type: ignore[attr-defined]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as luis:
        await sign_in(luis, "luis@example.org")
        assert (await luis.get(f"/console/media/{row.id}")).status_code == 404


async def test_a_person_without_a_ticket_has_no_media_to_show(
    console: httpx.AsyncClient, accounts, sqlite_runtime
) -> None:
    person = Person(sqlite_runtime, "telegram", "700100901")
    await person.says("", kind="media", attachments=(PHOTO,))  # kept, no ticket
    [row] = await _media(sqlite_runtime)
    await sign_in(console, "ana@example.org")
    assert (await console.get(f"/console/media/{row.id}")).status_code == 404


async def test_a_refused_file_is_named_in_the_transcript(
    console: httpx.AsyncClient, accounts, sqlite_runtime
) -> None:
    person = Person(sqlite_runtime, "whatsapp", "whatsapp:+593990000778")
    await person.says("", kind="media", attachments=(policy.refused("video/mp4", "unsupported"),))
    asked = await person.says("HUMANO")
    await sign_in(console, "ana@example.org")
    page = (await console.get(f"/console/conversations/{asked.conversation_id}")).text
    assert "Un tipo de archivo que Rumbo no recibe" in page
