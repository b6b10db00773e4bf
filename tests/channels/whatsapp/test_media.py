"""WhatsApp media through Twilio (issue 17, "Done when"): a voice note is fetched from its
MediaUrl with the account's credentials, stored encrypted, handed to a person who plays it in
the console, and the caseworker's reply after 24 hours goes through the template and LEER.
Photos are shown to the caseworker, their captions understood; refused files get a kind
answer and nothing else is lost. Payloads: tests/fixtures/whatsapp/README.md."""

from __future__ import annotations

import base64
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import func, select, update

from bot.storage import media as stored
from bot.storage.models import AuditEntry, Contact, Media, Message, Ticket, utcnow
from tests import media_samples as samples
from tests.channels.sms.conftest import ACCOUNT, TOKEN
from tests.channels.whatsapp.conftest import PERSON, fixture
from tests.console.conftest import console_user

SIDS = iter(f"SM{n:032x}" for n in range(0x700, 0x800))
MEDIA_SIDS = iter(f"ME{n:032x}" for n in range(0x700, 0x800))


def sid() -> str:
    return next(SIDS)


def fixture_media_path(name: str) -> str:
    """The media resource path of a fixture's MediaUrl0 (as Twilio documents it)."""
    url = dict(parse_qsl(fixture(name), keep_blank_values=True))["MediaUrl0"]
    return urlsplit(url).path


def new_media_url(wa, data: bytes, content_type: str) -> str:  # type: ignore[no-untyped-def]
    """A file on the fake, at a fresh media resource path of this account."""
    path = f"/2010-04-01/Accounts/{ACCOUNT}/Messages/MM{'0' * 29}abc/Media/{next(MEDIA_SIDS)}"
    return wa.fake.add_media(path, data, content_type)


def media_fields(url: str, content_type: str) -> dict[str, str]:
    return {"NumMedia": "1", "MediaContentType0": content_type, "MediaUrl0": url}


async def _rows(wa, model):  # type: ignore[no-untyped-def]
    async with wa.runtime.db.sessions() as session:
        return list(await session.scalars(select(model).order_by(model.id)))


async def _age_window(wa, hours: float) -> None:
    async with wa.runtime.db.sessions.begin() as session:
        await session.execute(
            update(Contact).values(last_seen_at=utcnow() - timedelta(hours=hours))
        )
    wa.fake.person_wrote(PERSON, at=wa.fake.clock - hours * 3600)


async def test_voice_note_loop_first_message_handoff_console_and_reply_after_24h(wa) -> None:
    # 1. first message
    await wa.says("hola", sid=sid())
    assert wa.fake.sent and wa.fake.sent[-1].form["To"] == PERSON
    # 2. a voice note (fixture voice.txt: NumMedia=1, MediaContentType0=audio/ogg, MediaUrl0)
    audio = samples.ogg_voice(9000)
    wa.fake.add_media(fixture_media_path("voice"), audio, "audio/ogg")
    assert (await wa.post_fixture("voice")).status_code == 200
    await wa.process()
    first, cdn = wa.fake.media_gets
    basic = "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    assert first == (fixture_media_path("voice"), basic)
    assert cdn[0].startswith("/cdn/") and cdn[1] is None, "credentials never leave Twilio's host"

    # 3. handoff: a ticket of normal priority, and the person is told when someone listens
    [ticket] = await _rows(wa, Ticket)
    assert (ticket.priority, ticket.reason, ticket.channel) == ("normal", "voice_note", "whatsapp")
    told = wa.fake.sent[-1].form["Body"]
    _, hours = wa.runtime.engine.working_hours(utcnow(), "es")
    assert "nota de voz" in told and hours in told and "911" in told
    assert "Solo puedo leer texto" not in told

    # stored encrypted, attached to its message and conversation
    [row] = await _rows(wa, Media)
    assert (row.kind, row.content_type, row.size) == ("audio", "audio/ogg", len(audio))
    assert audio[:64] not in row.data_enc and row.conversation_id == ticket.conversation_id
    inbound = [m for m in await _rows(wa, Message) if m.direction == "in"][-1]
    assert row.message_id == inbound.id
    assert inbound.payload == {
        "kind": "media",
        "media": [{"id": row.id, "kind": "audio", "type": "audio/ogg", "size": len(audio)}],
    }

    # 4. the caseworker plays the audio in the console
    app = wa.client._transport.app  # type: ignore[attr-defined]
    anonymous = await wa.client.get(f"/console/media/{row.id}")
    assert anonymous.status_code in (401, 303) and anonymous.content != audio
    async with console_user(app, wa.runtime) as ana:
        page = await ana.open(ticket.conversation_id)
        assert f'<audio controls preload="none" src="/console/media/{row.id}">' in page
        played = await ana.client.get(f"/console/media/{row.id}")
        assert played.status_code == 200 and played.content == audio
        assert played.headers["content-type"] == "audio/ogg"
        assert "no-store" in played.headers["cache-control"]
        assert played.headers["content-disposition"].startswith("inline")
        assert played.headers["x-content-type-options"] == "nosniff"
        audited = await _rows(wa, AuditEntry)
        assert any(a.action == "open_media" and a.detail == f"media {row.id}" for a in audited)

        # 5. a caseworker's reply after 24 hours: held, the template goes, LEER delivers it
        assert await ana.act(ticket.id, "claim") == "claimed"
        await _age_window(wa, 25)
        before = len(wa.fake.sent)
        reply = "Hola, soy Ana. Escuché tu nota de voz. Mañana puedes ir a la oficina."
        assert await ana.act(ticket.id, "reply", text=reply) == "replied"
        await wa.process()
        assert [c.form.get("ContentSid") for c in wa.fake.sent[before:]] == ["HX" + "0" * 31 + "1"]
        await wa.says("LEER", sid=sid())
        assert wa.fake.sent[-1].form["Body"].startswith("Hola, soy Ana. Escuché")


async def test_a_photo_caption_is_understood_and_the_photo_is_shown(wa) -> None:
    photo = samples.jpeg(7000)
    wa.fake.add_media(fixture_media_path("photo_caption"), photo, "image/jpeg")
    assert (await wa.post_fixture("photo_caption")).status_code == 200
    await wa.process()
    [inbound] = [m for m in await _rows(wa, Message) if m.direction == "in"]
    assert inbound.text == "me llego esta carta de desalojo"
    assert inbound.payload and inbound.payload["kind"] == "text"  # understood like any message
    assert inbound.intent not in ("media", "unsupported", None)
    answer = wa.fake.sent[-1].form["Body"]
    assert "Recibí tu foto" not in answer and "Solo puedo leer texto" not in answer
    [row] = await _rows(wa, Media)
    assert (row.kind, row.content_type) == ("image", "image/jpeg")
    await wa.says("HUMANO", sid=sid())
    [ticket] = await _rows(wa, Ticket)
    assert ticket.priority == "normal"
    app = wa.client._transport.app  # type: ignore[attr-defined]
    async with console_user(app, wa.runtime) as ana:
        page = await ana.open(ticket.conversation_id)
        assert f'<img src="/console/media/{row.id}"' in page
        assert "me llego esta carta de desalojo" in page
        shown = await ana.client.get(f"/console/media/{row.id}")
        assert shown.content == photo and shown.headers["content-type"] == "image/jpeg"


async def test_a_photo_without_words_is_kept_and_the_person_is_asked_what_they_need(wa) -> None:
    url = new_media_url(wa, samples.png(), "image/png")
    await wa.says("", sid=sid(), **media_fields(url, "image/png"))
    said = wa.fake.sent[-1].form["Body"]
    assert "Recibí tu foto" in said and "1. Hablar con una persona" in said
    assert [t.reason for t in await _rows(wa, Ticket)] == []  # kept, no ticket by itself
    await wa.says("1", sid=sid())  # the digit picks "talk to a person"
    [ticket] = await _rows(wa, Ticket)
    assert ticket.reason == "asked"


async def test_a_video_gets_a_kind_answer_and_is_not_downloaded(wa) -> None:
    url = new_media_url(wa, samples.mp4_video(), "video/mp4")
    await wa.says("", sid=sid(), **media_fields(url, "video/mp4"))
    said = wa.fake.sent[-1].form["Body"]
    assert "No puedo recibir ese tipo de archivo" in said and "notas de voz" in said
    assert wa.fake.media_gets == [] and await _rows(wa, Media) == []
    [inbound] = [m for m in await _rows(wa, Message) if m.direction == "in"]
    assert inbound.payload == {
        "kind": "media",
        "media": [{"kind": "other", "problem": "unsupported"}],
    }


async def test_a_file_over_10_mb_is_refused_and_its_words_still_answered(wa) -> None:
    url = new_media_url(wa, samples.jpeg(10 * 1024 * 1024 + 10), "image/jpeg")
    await wa.says("cuales son mis derechos", sid=sid(), **media_fields(url, "image/jpeg"))
    bodies = [c.form["Body"] for c in wa.fake.sent]
    joined = "\n".join(bodies)
    assert "demasiado grande (el máximo es 10 MB)" in joined
    assert bodies[0].startswith("No pude recibir tu archivo"), "why comes first"
    assert len(joined) > 300, "the question was answered too"
    assert await _rows(wa, Media) == []


async def test_wrong_credentials_or_a_missing_file_lose_nothing_else(wa) -> None:
    wa.fake.media_auth = (ACCOUNT, "another-token")
    url = new_media_url(wa, samples.ogg_voice(), "audio/ogg")
    await wa.says("", sid=sid(), **media_fields(url, "audio/ogg"))
    assert "No pude descargar tu archivo" in wa.fake.sent[-1].form["Body"]
    assert await _rows(wa, Media) == [] and await _rows(wa, Ticket) == []
    missing = url.replace("Media/ME", "Media/MF")  # not a media resource of this account
    await wa.says("hola", sid=sid(), **media_fields(missing, "audio/ogg"))
    assert wa.fake.sent[-1].form["Body"]


async def test_a_danger_text_after_a_voice_note_raises_the_ticket_to_urgent(wa) -> None:
    url = new_media_url(wa, samples.ogg_voice(), "audio/ogg")
    await wa.says("", sid=sid(), **media_fields(url, "audio/ogg"))
    [ticket] = await _rows(wa, Ticket)
    assert ticket.priority == "normal"
    await wa.says("mi pareja me pega y tengo miedo de que me mate", sid=sid())
    [ticket] = await _rows(wa, Ticket)
    assert ticket.priority == "urgent"
    assert "911" in wa.fake.sent[-1].form["Body"] or any(
        "911" in c.form.get("Body", "") for c in wa.fake.sent[-3:]
    )


async def test_borrar_erases_the_voice_notes(wa) -> None:
    url = new_media_url(wa, samples.ogg_voice(), "audio/ogg")
    await wa.says("", sid=sid(), **media_fields(url, "audio/ogg"))
    assert len(await _rows(wa, Media)) == 1
    await wa.says("BORRAR", sid=sid())
    await wa.says("SI", sid=sid())
    async with wa.runtime.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Media)) == 0
    assert await wa.contact() is None


async def test_retention_deletes_media_on_the_messages_clock(wa) -> None:
    from bot.storage.retention import run_retention

    url = new_media_url(wa, samples.ogg_voice(), "audio/ogg")
    await wa.says("", sid=sid(), **media_fields(url, "audio/ogg"))
    [row] = await _rows(wa, Media)
    days = wa.runtime.settings.retention_days
    kept = await run_retention(wa.runtime.db, retention_days=days, now=utcnow())
    assert kept.media_deleted == 0 and len(await _rows(wa, Media)) == 1
    later = utcnow() + timedelta(days=days + 1)
    report = await run_retention(wa.runtime.db, retention_days=days, now=later)
    assert report.media_deleted == 1 and await _rows(wa, Media) == []
    async with wa.runtime.db.sessions() as session:
        assert await stored.load(session, wa.runtime.protector, row.id) is None
