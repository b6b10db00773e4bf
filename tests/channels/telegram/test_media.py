"""Telegram voice notes, photos and documents (issue 17): fetched through getFile and the file
download with python-telegram-bot's real HTTP stack against the fake Bot API, stored
encrypted, shown in the console; erased by /delete. Updates: tests/fixtures/telegram/
(voice.json, photo.json, document.json; README.md cites the Bot API sections)."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.storage.models import Media, Message, Ticket
from tests import media_samples as samples
from tests.channels.telegram.conftest import fixture_bytes, fixture_json
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.console.conftest import console_user

VOICE_ID = "AwACAgEAAxkBAAIBexample"
PHOTO_LARGE, PHOTO_SMALL = "AgACAgEAAxkBAAIBZ2example-large", "AgACAgEAAxkBAAIBZ2example-small"
DOCUMENT_ID = "BQACAgEAAxkBAAIBexample"


async def settle(running) -> None:  # type: ignore[no-untyped-def]
    await running.app.state.inbound.drain()
    await asyncio.sleep(0.4)


async def rows(running, model):  # type: ignore[no-untyped-def]
    async with running.runtime.db.sessions() as session:
        return list(await session.scalars(select(model).order_by(model.id)))


async def test_a_voice_note_is_fetched_stored_and_handed_to_a_person(
    start_app, fake: FakeBotApi
) -> None:
    audio = samples.ogg_voice(9000)
    fake.add_file(VOICE_ID, audio, "voice/file_1.oga")
    async with start_app() as running:
        assert (await running.post_update(fixture_bytes("voice.json"))).status_code == 200
        await fake.wait_for("sendMessage")
        await settle(running)
        assert [c["file_id"] for c in fake.sent("getFile")] == [VOICE_ID]
        assert fake.downloads == ["voice/file_1.oga"]
        [row] = await rows(running, Media)
        assert (row.kind, row.content_type, row.size) == ("audio", "audio/ogg", len(audio))
        assert audio[:64] not in row.data_enc
        [ticket] = await rows(running, Ticket)
        assert (ticket.priority, ticket.reason, ticket.channel) == (
            "normal",
            "voice_note",
            "telegram",
        )
        text = fake.sent()[0]["text"]
        assert "nota de voz" in text and "911" in text
        _, hours = running.runtime.engine.working_hours(row.created_at, "es")
        assert hours in text

        async with console_user(running.app, running.runtime) as ana:
            page = await ana.open(ticket.conversation_id)
            assert f'src="/console/media/{row.id}"' in page and "<audio controls" in page
            played = await ana.client.get(f"/console/media/{row.id}")
            assert played.content == audio and played.headers["content-type"] == "audio/ogg"


async def test_an_english_voice_note_is_answered_in_english(start_app, fake: FakeBotApi) -> None:
    fake.add_file(VOICE_ID, samples.ogg_voice(), "voice/file_2.oga")
    update = fixture_json("voice.json")
    update["message"]["from"]["language_code"] = "en"
    async with start_app() as running:
        await running.post_update(update)
        await fake.wait_for("sendMessage")
        await settle(running)
        text = fake.sent()[0]["text"]
        assert "I got your voice note" in text and "911" in text and "nota de voz" not in text


async def test_a_voice_note_with_a_danger_caption_gets_the_emergency_reply(
    start_app, fake: FakeBotApi
) -> None:
    fake.add_file(VOICE_ID, samples.ogg_voice(), "voice/file_3.oga")
    update = fixture_json("voice.json")
    update["message"]["caption"] = "mi pareja me pega, tengo miedo de que me mate"
    async with start_app() as running:
        await running.post_update(update)
        await fake.wait_for("sendMessage")
        await settle(running)
        [ticket] = await rows(running, Ticket)
        assert ticket.priority == "urgent"
        assert len(await rows(running, Media)) == 1, "the voice note is kept for the caseworker"
        assert "911" in fake.sent()[0]["text"]


async def test_the_largest_photo_size_is_kept_and_the_person_offered_a_person(
    start_app, fake: FakeBotApi
) -> None:
    small, large = samples.jpeg(1312), samples.jpeg(48127)
    fake.add_file(PHOTO_SMALL, small, "photos/file_4.jpg")
    fake.add_file(PHOTO_LARGE, large, "photos/file_5.jpg")
    async with start_app() as running:
        await running.post_update(fixture_bytes("photo.json"))
        await fake.wait_for("sendMessage")
        await settle(running)
        assert fake.downloads == ["photos/file_5.jpg"]
        [row] = await rows(running, Media)
        assert (row.kind, row.size) == ("image", len(large))
        sent = fake.sent()[0]
        assert "Recibí tu foto" in sent["text"]
        buttons = [b["callback_data"] for r in sent["reply_markup"]["inline_keyboard"] for b in r]
        assert buttons == ["human", "menu"]
        assert await rows(running, Ticket) == []


async def test_a_document_caption_is_understood_and_the_pdf_kept(
    start_app, fake: FakeBotApi
) -> None:
    document = samples.pdf()
    fake.add_file(DOCUMENT_ID, document, "documents/file_6.pdf")
    async with start_app() as running:
        await running.post_update(fixture_bytes("document.json"))
        await fake.wait_for("sendMessage")
        await settle(running)
        [inbound] = [m for m in await rows(running, Message) if m.direction == "in"]
        assert inbound.text == "mi pasaporte" and inbound.payload["kind"] == "text"
        assert inbound.intent not in ("media", None)
        [row] = await rows(running, Media)
        assert (row.kind, row.content_type) == ("document", "application/pdf")


async def test_a_file_telegram_cannot_give_loses_nothing_else(start_app, fake: FakeBotApi) -> None:
    # no file behind the file_id: getFile answers 400
    update = fixture_json("document.json")
    async with start_app() as running:
        await running.post_update(update)
        await fake.wait_for("sendMessage")
        await settle(running)
        texts = [m["text"] for m in fake.sent()]
        assert texts[0].startswith("No pude descargar tu archivo")
        [inbound] = [m for m in await rows(running, Message) if m.direction == "in"]
        assert inbound.intent not in ("media", None), "the caption still got its turn"
        assert await rows(running, Media) == []


async def test_delete_erases_the_voice_notes(start_app, fake: FakeBotApi) -> None:
    fake.add_file(VOICE_ID, samples.ogg_voice(), "voice/file_7.oga")
    voice = fixture_json("voice.json")["message"]
    base = fixture_json("text.json")
    async with start_app() as running:
        await running.post_update(fixture_bytes("voice.json"))
        await fake.wait_for("sendMessage")
        await settle(running)
        assert len(await rows(running, Media)) == 1
        for n, text in enumerate(["/delete", "si"]):
            update = {
                **base,
                "update_id": 900000100 + n,
                "message": base["message"]
                | {"chat": voice["chat"], "from": voice["from"], "message_id": 200 + n}
                | {"text": text},
            }
            await running.post_update(update)
            await fake.wait_for("sendMessage", 2 + n)
            await settle(running)
        assert await rows(running, Media) == []
