"""Transcripts in languages we do not speak: Portuguese, French and Haitian Creole hear which
languages Rumbo speaks and are offered a person; a plain "I need help please" in Portuguese is
not an alarm; danger still reaches safety first, in any language."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.messages import TurnResult
from bot.storage.models import Ticket
from tests.conftest import Person


def shown(result: TurnResult) -> str:
    """Everything the person sees in this turn, as one string."""
    return "\n".join(r.text for r in result.rendered)


def told_which_languages(result: TurnResult) -> bool:
    """The unsupported-language answer: both languages named, a person offered."""
    reply = shown(result)
    return "Spanish and English" in reply and "espa" in reply and result.handoff


async def tickets(person: Person) -> list[Ticket]:
    """Every ticket opened so far."""
    async with person.runtime.db.sessions() as session:
        return list(await session.scalars(select(Ticket)))


@pytest.mark.parametrize("channel", ["sms", "telegram"])
@pytest.mark.parametrize(
    "text",
    [
        "o que eu faço para trabalhar no equador",
        "nao tenho documentos, posso trabalhar aqui?",
        "j'ai besoin d'un avocat",
        "kijan mwen ka travay nan ekwatè",
        "bonjour",
        "obrigado",
    ],
)
async def test_another_language_hears_which_we_speak(
    sqlite_runtime, channel: str, text: str
) -> None:
    person = Person(sqlite_runtime, channel, f"{channel}-{text}")
    result = await person.says(text)
    assert told_which_languages(result), shown(result)
    assert not result.article_ids and not result.urgent
    assert "Quisiste decir" not in shown(result) and "Did you mean" not in shown(result)


async def test_portuguese_plea_for_help_is_offered_a_person_not_an_alarm(sqlite_runtime) -> None:
    # "I need help, please": no danger in the words, and the NLU is no surer of an emergency
    # than for its Spanish twin "necesito ayuda por favor" (which is no alarm either). What
    # this person needs first is to know we cannot answer in Portuguese and that a person can.
    person = Person(sqlite_runtime, "sms", "pt-help")
    result = await person.says("preciso de ajuda por favor")
    assert told_which_languages(result), shown(result)
    assert not result.urgent
    assert [t for t in await tickets(person) if t.priority == "urgent"] == []


@pytest.mark.parametrize(
    "text",
    [
        "socorro",
        "socorro, meu marido me bate",
        "preciso de ajuda urgente",
        "help me please",
        "socorro me quieren matar",
        "meu marido me bate todo dia, o que eu faço",
        "au secours, mon mari me frappe",
        "anmwe, mari mwen bat mwen",
    ],
)
async def test_danger_reaches_safety_in_any_language(sqlite_runtime, text: str) -> None:
    person = Person(sqlite_runtime, "sms", f"danger-{text}")
    result = await person.says(text)
    assert result.urgent, shown(result)
    assert any(t.priority == "urgent" for t in await tickets(person))


@pytest.mark.parametrize(
    "text",
    ["hola", "gracias", "si", "q hago xq no me dan la cedula", "dnd queda el registro civil"],
)
async def test_spanish_texting_is_never_told_we_do_not_speak_it(sqlite_runtime, text: str) -> None:
    result = await Person(sqlite_runtime, "sms", f"es-{text}").says(text)
    assert "Spanish and English" not in shown(result)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("kijan mwen ka travay nan ekwatè", "ht"),
        ("j'ai besoin d'un avocat", "fr"),
        ("o que eu faço para trabalhar no equador", "pt"),
    ],
)
async def test_the_ticket_carries_the_language_they_wrote_in(
    sqlite_runtime, text: str, written: str
) -> None:
    person = Person(sqlite_runtime, "telegram", f"written-{written}")
    told = await person.says(text)
    [human] = [c for c in told.rendered[-1].choices if c["id"] == "human"]
    await person.picks(human["id"])  # "talk to a person", the choice the reply offers
    [ticket] = await tickets(person)
    assert ticket.written_lang == written
    assert ticket.lang in ("es", "en")  # the language we answer in


async def test_spanish_and_english_tickets_carry_no_written_language(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "sms", "written-es")
    await person.says("yo no abla bien espanol, necesito hablar con una persona")
    [ticket] = await tickets(person)
    assert ticket.written_lang is None and ticket.lang == "es"
