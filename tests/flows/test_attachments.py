"""Transcripts of bot/flows/attachments.py in both renderings (Telegram buttons; WhatsApp and SMS
numbered text), in Spanish and English, within and outside working hours: a voice note goes to
a person, who will listen in working hours, with the 911 line; a photo is kept; a refused file
gets a kind answer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot import gsm7
from bot.media import policy
from bot.messages import Attachment, TurnResult
from bot.storage.models import Media, Ticket
from tests import media_samples as samples
from tests.conftest import Person

CHANNELS = ["telegram", "whatsapp", "sms"]
WEDNESDAY_NOON = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # 12:00 in Guayaquil
SUNDAY_NIGHT = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # Sunday 22:00 in Guayaquil
VOICE = policy.check(samples.ogg_voice(), "audio/ogg")
PHOTO = policy.check(samples.jpeg(), "image/jpeg")


def shown(result: TurnResult) -> str:
    return "\n".join(r.text for r in result.rendered)


def says_it(expected: str, result: TurnResult) -> bool:
    """`expected` is in what the person sees (SMS: as GSM-7 writes it; lines joined)."""
    return gsm7.transliterate(expected) in gsm7.transliterate(shown(result).replace("\n", " "))


async def sends(person: Person, *files: Attachment, text: str = "", lang: str = "es") -> TurnResult:
    """The person sends files (already fetched and checked by their channel)."""
    return await person.says(text, kind="media", attachments=files, lang_hint=lang)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("lang", "when", "expected"),
    [
        ("es", WEDNESDAY_NOON, "la pasé a una persona del equipo, que la escuchará"),
        ("es", SUNDAY_NIGHT, "la escuchará en el próximo horario (lunes a viernes 08:00-17:00)"),
        ("en", WEDNESDAY_NOON, "who will listen to it and answer you in this chat"),
        ("en", SUNDAY_NIGHT, "listen to it in the next working hours (Monday to Friday"),
    ],
)
async def test_a_voice_note_goes_to_a_person_who_listens_in_working_hours(
    sqlite_runtime, channel: str, lang: str, when: datetime, expected: str
) -> None:
    sqlite_runtime.engine.clock = lambda: when
    person = Person(sqlite_runtime, channel, f"voice-{channel}-{lang}-{when.day}")
    # person sends: 🎤 (a voice note, no words)
    result = await sends(person, VOICE, lang=lang)
    # bot says: a person will listen (when), and the 911 line
    said = shown(result)
    assert result.handoff and not result.urgent
    assert says_it(expected, result), said
    assert "911" in said
    if channel == "telegram":
        assert not any(r.payload.get("buttons") for r in result.rendered)
    async with sqlite_runtime.db.sessions() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
        [stored] = list(await session.scalars(select(Media)))
    assert (ticket.priority, ticket.reason) == ("normal", "voice_note")
    assert stored.conversation_id == ticket.conversation_id

    # person sends: another voice note -> added to the same case, no second ticket
    again = await sends(person, VOICE, lang=lang)
    assert "911" in shown(again)
    async with sqlite_runtime.db.sessions() as session:
        assert len(list(await session.scalars(select(Ticket)))) == 1
        assert len(list(await session.scalars(select(Media)))) == 2


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_photo_without_words_is_kept_and_offers_a_person(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"photo-{channel}")
    result = await sends(person, PHOTO)
    said = shown(result)
    assert says_it("Recibí tu foto", result)
    if channel == "telegram":
        buttons = [b[0]["text"] for r in result.rendered for b in r.payload.get("buttons", [])]
        assert buttons == ["Hablar con una persona", "Menú"]
        picked = await person.picks("human")
    else:
        assert "1" in said and says_it("Hablar con una persona", result)
        picked = await person.says("1")
    assert picked.handoff


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (policy.TOO_BIG, "demasiado grande (el máximo es 10 MB)"),
        (
            policy.UNSUPPORTED,
            "Puedo recibir notas de voz, fotos (JPG, PNG o WebP) y documentos PDF",
        ),
        (policy.UNAVAILABLE, "No pude descargar tu archivo"),
    ],
)
async def test_a_refused_file_gets_a_kind_answer(
    sqlite_runtime, channel: str, problem: str, expected: str
) -> None:
    person = Person(sqlite_runtime, channel, f"refused-{channel}-{problem}")
    result = await sends(person, policy.refused("image/jpeg", problem))
    assert says_it(expected, result), shown(result)
    assert not result.handoff


async def test_a_refused_file_with_words_answers_both_why_first(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "whatsapp", "refused-words")
    result = await person.says(
        "puedo ir al medico sin cedula",
        attachments=(policy.refused("video/mp4", policy.UNSUPPORTED),),
    )
    assert result.article_ids, "the question was answered"
    assert result.rendered[0].text.startswith("No puedo recibir ese tipo de archivo")


async def test_the_emergency_reply_is_never_preceded_by_a_file_notice(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "refused-danger")
    result = await person.says(
        "me quieren matar, tengo miedo",
        attachments=(policy.refused("video/mp4", policy.UNSUPPORTED),),
    )
    assert result.urgent
    assert "No puedo recibir" not in shown(result)
