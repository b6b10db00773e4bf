"""SMS conversations as transcripts: keywords, opt-out, digits, MAS, deletion, the timeout.

Each test reads as "person texts / Rumbo sends", through the real app and the fake Twilio.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot import gsm7
from bot.storage.models import utcnow

NUMBER = "+593990000501"


class Texter:
    """One person with a phone."""

    def __init__(self, sms, number: str = NUMBER):
        self.sms = sms
        self.number = number
        self.n = 0

    async def texts(self, text: str, **extra: str) -> list[str]:
        """Send an SMS; return the bodies Rumbo sent back for it."""
        self.n += 1
        before = len(self.sms.fake.sent)
        sid = f"SM{self.number[-4:]}{self.n:028x}"
        await self.sms.says(text, sid=sid, sender=self.number, **extra)
        bodies = [r.form["Body"] for r in self.sms.fake.sent[before:]]
        for body in bodies:
            assert gsm7.encoding_of(body) == "GSM-7" and gsm7.segment_count(body) <= 2, body
        return bodies


@pytest.mark.parametrize("word", ["BAJA", "parar", " Alto ", "CANCELAR", "fin", "Baja."])
async def test_our_stop_words_confirm_once_then_silence(sms, word) -> None:
    person = Texter(sms)
    await person.texts("hola")
    [confirmation] = await person.texts(word)
    assert "ALTA" in confirmation or "START" in confirmation
    assert await person.texts(word) == []
    assert await person.texts("puedo trabajar sin visa") == []


async def test_twilio_answered_stop_is_recorded_without_a_second_confirmation(sms) -> None:
    person = Texter(sms)
    await person.texts("hola")
    assert await person.texts("STOP", OptOutType="STOP") == []
    contact = await sms.contact(NUMBER)
    assert contact is not None and contact.opted_out
    assert await person.texts("hola") == []


@pytest.mark.parametrize("word", ["STOP", "stopall", "Cancel", "END", "QUIT", "Unsubscribe"])
async def test_english_default_keywords_are_left_to_twilio(sms, word) -> None:
    person = Texter(sms)
    await person.texts("hola")
    assert await person.texts(word) == []  # Twilio's own reply already went out
    contact = await sms.contact(NUMBER)
    assert contact is not None and contact.opted_out


async def test_advanced_opt_out_spanish_keyword_is_not_confirmed_twice(sms) -> None:
    person = Texter(sms)
    assert await person.texts("PARAR", OptOutType="STOP") == []
    contact = await sms.contact(NUMBER)
    assert contact is not None and contact.opted_out


async def test_alta_brings_the_person_back(sms) -> None:
    person = Texter(sms)
    await person.texts("BAJA")
    [back] = await person.texts("ALTA")
    assert "MENU" in back
    assert await person.texts("puedo ir al medico sin cedula")


async def test_queued_reply_is_not_sent_after_the_person_opts_out(sms) -> None:
    """A reply still in the outbox when BAJA arrives is held back by the sender's guard."""
    await sms.post("MessageSid=SM" + "b1" * 16 + "&From=%2B593990000501&Body=hola")
    await sms.runtime.inbound.run_pass()  # the greeting waits in the outbox
    await sms.post("MessageSid=SM" + "b2" * 16 + "&From=%2B593990000501&Body=BAJA")
    await sms.runtime.inbound.run_pass()
    outbox = sms.runtime.outbox
    while await outbox.run_once():
        pass
    assert len(sms.fake.sent) == 1
    assert "ALTA" in sms.fake.sent[0].form["Body"]
    greeting, confirmation = await sms.outbound()
    assert greeting.status == "failed" and greeting.last_error == "opted_out"
    assert confirmation.status == "sent"


async def test_menu_digit_more_and_help(sms) -> None:
    person = Texter(sms)
    [menu] = await person.texts("MENU")
    assert "\n1 " in menu and "\n2 " in menu
    [topic] = await person.texts("1")
    assert topic != menu
    [helped] = await person.texts("ayuda")
    assert "BAJA" in helped or "BORRAR" in helped
    [nothing_more] = await person.texts("MAS")
    assert "MENU" in nothing_more


async def test_long_turn_waits_behind_mas(sms) -> None:
    person = Texter(sms)
    await person.texts("MENU")
    [lines] = await person.texts("11")  # Lugares de ayuda: the national lines, then "which city?"
    assert "ECU 911: 911" in lines and "(MAS)" not in lines
    [first] = await person.texts("1")  # Quito: the local list is longer than two segments
    assert first.endswith("(MAS)") and gsm7.segment_count(first) == 2
    [rest] = await person.texts("mas")
    assert rest and rest[:40] not in first
    [nothing] = await person.texts("MAS")
    assert "No hay mas texto" in nothing or nothing.endswith("(MAS)")


async def test_first_contact_privacy_notice_is_never_behind_mas(sms) -> None:
    person = Texter(sms)
    # person texts: a question whose answer (escalate: true) comes with the offer of a person
    [answer] = await person.texts("hola, puedo trabajar con visa de turista?")
    # Rumbo sends (issue 13: a first answer costs at most 2 segments): one SMS with page 1 of the
    # answer, its source line, the offer as a numbered list and the short privacy line
    assert "Fuente:" in answer and "1 Hablar con una persona" in answer
    assert "MAS para seguir" in answer and "BORRAR" in answer and "BAJA" in answer
    assert gsm7.segment_count(answer) <= 2
    [page] = await person.texts("MAS")
    assert "BORRAR" not in page and page.startswith("2/")
    [later] = await person.texts("puedo ir al medico sin cedula")
    assert "BORRAR" not in later  # the notice is for the first contact only


async def test_human_and_language_keywords(sms) -> None:
    person = Texter(sms)
    await person.texts("hola")
    [language] = await person.texts("idioma")
    assert "English" in language and "\n1 " in language
    [human] = await person.texts("HUMANO")
    assert "persona" in human.lower()


async def test_borrar_asks_before_deleting(sms) -> None:
    person = Texter(sms)
    await person.texts("puedo ir al medico sin cedula")
    [question] = await person.texts("BORRAR")
    assert "SI" in question and "NO" in question
    [kept] = await person.texts("no")
    assert await sms.contact(NUMBER) is not None
    await person.texts("borrar")
    [done] = await person.texts("si")
    assert done
    assert await sms.contact(NUMBER) is None  # purged once the confirmation went out


async def test_session_timeout_starts_fresh_with_welcome_back(sms) -> None:
    person = Texter(sms)
    [menu] = await person.texts("MENU")
    assert "\n1 " in menu
    engine = sms.runtime.engine
    later = utcnow() + timedelta(minutes=sms.runtime.settings.session_timeout_minutes + 5)
    engine.clock = lambda: later
    [back] = await person.texts("puedo ir al medico sin cedula")
    assert back.startswith("Hola de nuevo")
    engine.clock = lambda: later + timedelta(minutes=1)
    [digit] = await person.texts("1")  # the old menu's choices were dropped with the session
    assert not digit.startswith("Hola de nuevo")
    assert digit != menu


async def test_numbers_and_texts_never_reach_the_logs(sms, caplog) -> None:
    # INFO for everything (libraries' DEBUG output, e.g. aiosqlite's SQL parameters, is off in
    # production), DEBUG for our own code
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    sms.fake.fail_next(20500)
    person = Texter(sms)
    await person.texts("necesito ayuda con mi visa secreta")
    await sms.post("plain", signature="bad")
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in (NUMBER, NUMBER[1:], "visa secreta", sms.runtime.settings.twilio_auth_token):
        assert secret not in logged
