"""Bad input gets a clear, friendly reply; nothing crashes and every message is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.storage.models import Message
from tests.conftest import Person

CASES = [
    ("", "texto"),
    ("   \n\t ", "texto"),
    ("x" * 10_000, None),
    ("😀😀😀", "texto"),
    ("\x00\x01\x02hola\x07", None),
    ("47", "número"),
    ("/foo", "comando"),
    ("?!...", "texto"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
@pytest.mark.parametrize("channel", ["telegram", "sms", "web"])
async def test_bad_input_gets_a_clear_reply(sqlite_runtime, channel, text, expected) -> None:
    person = Person(sqlite_runtime, channel, f"u-{channel}")
    await person.says("hola")
    result = await person.says(text)
    assert result.rendered, "every message gets an answer"
    reply = "\n".join(r.text for r in result.rendered)
    if expected:
        folded = reply.replace("ú", "u")
        assert expected.replace("ú", "u") in folded
    async with sqlite_runtime.db.sessions() as session:
        stored = await session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "in")
        )
    assert stored == 2


async def test_other_languages_are_told_which_we_speak(sqlite_runtime) -> None:
    for index, text in enumerate(
        [
            "bonjour je suis perdu et j'ai besoin d'aide",
            "olá, eu preciso de ajuda com meu trabalho, obrigado",
            "bonjou mwen bezwen ede, kijan mwen ka travay",
        ]
    ):
        result = await Person(sqlite_runtime, "telegram", f"lang-{index}").says(text)
        reply = "\n".join(r.text for r in result.rendered)
        assert "español e inglés" in reply and "Spanish and English" in reply
        assert result.handoff
