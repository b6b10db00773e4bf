"""The three promises of the foundation issue, end to end through the engine."""

from __future__ import annotations

from tests.conftest import Person


async def test_hola_then_three_gives_the_third_menu_entry(runtime) -> None:
    person = Person(runtime)
    first = await person.says("hola")
    third = first.rendered[0].choices[2]
    result = await person.says("3")
    assert not result.fallback
    assert result.topic == third["id"].split(":", 1)[1]


async def test_danger_gets_emergency_first(runtime) -> None:
    result = await Person(runtime, user="p2").says("me pegan y tengo miedo")
    assert result.urgent
    assert "911" in result.rendered[0].text
