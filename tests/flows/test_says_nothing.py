"""A message that says nothing is never an alarm: a bare "y?" got the ambulance reply and an
urgent ticket, because the learned danger model scored the lone word far over its bar."""

from __future__ import annotations

import pytest

from bot.understanding.danger import says_nothing
from tests.conftest import Person


@pytest.mark.parametrize("text", ["y?", "Y", "and?", "ok y?", "y entonces?", "...", "e?"])
def test_fillers_say_nothing(text: str) -> None:
    assert says_nothing(text)


@pytest.mark.parametrize("text", ["auxilio", "ayuda", "me pegan", "y me pegan", "help me"])
def test_words_with_meaning_say_something(text: str) -> None:
    assert not says_nothing(text)


@pytest.mark.parametrize("channel", ["sms", "telegram"])
@pytest.mark.parametrize("text", ["y?", "and?", "ok y"])
async def test_a_bare_connective_is_no_alarm(sqlite_runtime, channel: str, text: str) -> None:
    person = Person(sqlite_runtime, channel, f"{channel}-{text}")
    first = await person.says(text)
    assert not first.urgent and first.danger is None
    await person.says("puedo ir al medico sin cedula")
    after = await person.says(text)
    assert not after.urgent and after.danger is None


async def test_a_cry_for_help_still_alarms(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "sms", "sms-auxilio")
    result = await person.says("auxilio")
    assert result.urgent
