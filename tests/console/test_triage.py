"""Triage at a glance (#18): the queue's danger category, masked preview, place, channel,
language, wait and reachability; the transcript's presses, locations and media; the starter
canned replies; caseworkers flag answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.handoff import canned
from bot.quality.models import Flag
from bot.runtime import Runtime
from bot.storage.models import CannedReply, Message, utcnow
from tests.conftest import Person
from tests.console.conftest import csrf_of, sign_in


async def test_queue_rows_show_what_triage_needs(console, accounts, sqlite_runtime) -> None:
    danger = Person(sqlite_runtime, "whatsapp", "+593990001111")
    await danger.says("me quitaron el pasaporte y me obligan a trabajar sin pago, llama 0987654321")
    placed = Person(sqlite_runtime, "telegram", "700100200")
    await placed.says("donde hay ayuda legal en Ibarra?")
    await placed.says("HUMANO")
    # The WhatsApp person wrote more than 24 hours ago: the window is closed.
    async with sqlite_runtime.db.sessions.begin() as session:
        await session.execute(
            update(Message)
            .where(Message.channel == "whatsapp")
            .values(created_at=utcnow() - timedelta(hours=30))
        )
    await sign_in(console, "ana@example.org")
    page = (await console.get("/console")).text
    assert "trata de personas" in page  # the danger category
    assert "0987654321" not in page and "•••" in page  # the preview, numbers masked
    assert "ventana de WhatsApp cerrada" in page
    assert "Imbabura" in page  # from the typed city
    assert "Telegram" in page and "WhatsApp" in page and ">ES<" in page


async def test_transcript_shows_the_button_pressed(console, accounts, sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "700100300")
    menu = await person.says("hola")
    choice = menu.rendered[0].choices[0]
    await person.picks(choice["id"])
    asked = await person.says("HUMANO")
    await sign_in(console, "ana@example.org")
    page = (await console.get(f"/console/conversations/{asked.conversation_id}")).text
    assert f"tocó</span> <strong>{choice['label']}</strong>" in page


async def test_starter_canned_replies_ship_and_can_be_edited(
    console, accounts, sqlite_runtime: Runtime
) -> None:
    async with sqlite_runtime.db.sessions() as session:
        rows = list(await session.scalars(select(CannedReply)))
    titles = {(r.lang, r.title) for r in rows}
    assert ("es", "Horario de atención") in titles and ("en", "Office hours") in titles
    assert len([r for r in rows if r.lang == "es"]) == len([r for r in rows if r.lang == "en"]) == 4
    assert canned.fill_hours("Abrimos {horario}.", "de 8 a 5") == "Abrimos de 8 a 5."
    await sign_in(console, "sofia@example.org")
    page = (await console.get("/console/canned")).text
    hours = next(r for r in rows if r.title == "Horario de atención")
    edited = await console.post(
        f"/console/canned/{hours.id}/edit",
        data={"csrf": csrf_of(page), "title": "Horario", "text": "Te atendemos {horario}."},
    )
    assert edited.headers["location"].endswith("?m=canned_saved")
    # The caseworker's reply box offers it with the configured hours filled in.
    asked = await Person(sqlite_runtime, "web", "w-canned").says("HUMANO")
    conversation = (await console.get(f"/console/conversations/{asked.conversation_id}")).text
    assert "Te atendemos lunes a viernes" in conversation and "{horario}" not in conversation


async def test_caseworker_flags_a_bot_answer(console, accounts, sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "web", "w-flag")
    await person.says("puedo ir al medico sin cedula?")
    asked = await person.says("HUMANO")
    async with sqlite_runtime.db.sessions() as session:
        answer = await session.scalar(
            select(Message).where(Message.direction == "out").order_by(Message.id)
        )
    assert answer is not None
    await sign_in(console, "ana@example.org")
    page = (await console.get(f"/console/conversations/{asked.conversation_id}")).text
    assert f"/console/messages/{answer.id}/flag" in page
    bad = await console.post(
        f"/console/messages/{answer.id}/flag", data={"csrf": csrf_of(page), "kind": "rude"}
    )
    assert bad.headers["location"].endswith("?m=bad_flag")
    done = await console.post(
        f"/console/messages/{answer.id}/flag",
        data={"csrf": csrf_of(page), "kind": "outdated", "note": "El horario cambió"},
    )
    assert "?m=flagged" in done.headers["location"]
    async with sqlite_runtime.db.sessions() as session:
        flags = list(await session.scalars(select(Flag)))
    assert [(f.kind, f.note, f.article_id) for f in flags] == [
        ("outdated", "El horario cambió", "health-access")
    ]
    page = (await console.get(f"/console/conversations/{asked.conversation_id}")).text
    assert "Marcada:" in page and "desactualizada" in page


async def test_the_queue_says_which_language_they_wrote_in(
    console, accounts, sqlite_runtime
) -> None:
    person = Person(sqlite_runtime, "whatsapp", "+593990002222")
    await person.says("bonjou, mwen bezwen ede, kijan mwen ka travay nan ekwatè")
    await person.says("HUMANO")
    await sign_in(console, "ana@example.org")
    page = (await console.get("/console")).text
    assert "escribe en criollo haitiano" in page
