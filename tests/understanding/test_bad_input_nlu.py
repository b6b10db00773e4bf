"""Bad input through the engine: huge messages, emoji, and languages we do not speak."""

from __future__ import annotations

import pytest

from tests.conftest import Person


async def test_a_huge_message_is_understood_from_its_beginning(sqlite_runtime) -> None:
    text = "puedo ir al medico sin cedula? " + "y otra cosa mas " * 700
    assert len(text) > 10_000
    result = await Person(sqlite_runtime, "sms", "huge-1").says(text)
    assert result.topic == "health"


async def test_danger_at_the_start_of_a_huge_message_is_urgent(sqlite_runtime) -> None:
    text = "mi esposo me pega y tengo miedo. " + "bla " * 3000
    result = await Person(sqlite_runtime, "sms", "huge-2").says(text)
    assert result.urgent


async def test_emoji_only_gets_a_reply_and_no_guess(sqlite_runtime) -> None:
    result = await Person(sqlite_runtime, "telegram", "emoji-1").says("🙏🙏😢")
    assert result.rendered and not result.article_ids and not result.urgent


@pytest.mark.parametrize("channel", ["sms", "telegram"])
@pytest.mark.parametrize(
    "text",
    [
        "bonjour, je ne parle pas espagnol, pouvez-vous m'aider avec mes papiers",
        "bom dia, preciso de ajuda para tirar meus documentos aqui",
        "bonjou, mwen pa pale panyol, mwen bezwen ede pou papye mwen",
    ],
)
async def test_other_languages_hear_which_we_speak_and_get_a_person(
    sqlite_runtime, channel: str, text: str
) -> None:
    result = await Person(sqlite_runtime, channel, f"{channel}-{hash(text)}").says(text)
    reply = "\n".join(r.text for r in result.rendered)
    assert "Spanish and English" in reply
    assert "espa" in reply and "ingl" in reply  # the SMS rendering may drop accents
    assert result.handoff
    assert not result.article_ids


@pytest.mark.parametrize(
    "text", ["necesito help con mi visa please", "where is the centro de salud, no tengo cedula"]
)
async def test_spanish_english_mixes_are_answered(sqlite_runtime, text: str) -> None:
    result = await Person(sqlite_runtime, "telegram", f"mix-{hash(text)}").says(text)
    reply = "\n".join(r.text for r in result.rendered)
    assert "Spanish and English" not in reply
