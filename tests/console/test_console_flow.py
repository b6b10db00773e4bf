"""The console over HTTP: a web-chat person asks, a caseworker answers, the bot resumes."""

from __future__ import annotations

from sqlalchemy import select

from bot.channels.outbox import Outbox
from bot.runtime import Runtime
from bot.storage.models import AuditEntry, CannedReply, Ticket
from tests.conftest import Person
from tests.console.conftest import RecordingSender, csrf_of, sign_in


async def test_person_asks_caseworker_answers_bot_resumes(
    console, accounts, sqlite_runtime: Runtime
) -> None:
    person = Person(sqlite_runtime, "web", "w-session-1")
    asked = await person.says("quiero hablar con una persona")
    assert asked.handoff
    signed = await sign_in(console, "ana@example.org")
    assert signed.status_code == 303 and signed.headers["location"] == "/console"

    queue = await console.get("/console")
    assert queue.status_code == 200 and 'id="ticket-1"' in queue.text
    fragment = await console.get("/console/queue/fragment")
    assert 'id="ticket-1"' in fragment.text and "<html" not in fragment.text

    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    assert "quiero hablar con una persona" in page.text
    token = csrf_of(page.text)
    claimed = await console.post("/console/tickets/1/claim", data={"csrf": token})
    assert claimed.status_code == 303 and claimed.headers["location"].endswith("?m=claimed")

    replied = await console.post(
        "/console/tickets/1/reply", data={"csrf": token, "text": "Hola, soy Ana. ¿En qué te ayudo?"}
    )
    assert replied.headers["location"].endswith("?m=replied")
    sender = RecordingSender("web")
    outbox = Outbox(sqlite_runtime.db, sqlite_runtime.protector, {"web": sender})
    await outbox.run_once()
    address, payload = sender.sent[-1]
    assert address == "w-session-1" and payload["text"] == "Hola, soy Ana. ¿En qué te ayudo?"

    # While the ticket is open the bot stays quiet.
    await person.says("gracias, tengo una pregunta de visa")
    await console.post("/console/tickets/1/note", data={"csrf": token, "text": "Visa question"})
    closed = await console.post(
        "/console/tickets/1/close",
        data={"csrf": token, "outcome": "resolved", "tell_person": "yes"},
    )
    assert closed.headers["location"].endswith("?m=closed")
    await outbox.run_once()
    assert "terminó" in sender.sent[-1][1]["text"]

    back = await person.says("puedo ir al medico sin cedula?")
    assert back.topic == "health" and not back.handoff

    view = await console.get(f"/console/conversations/{asked.conversation_id}")
    assert "Visa question" in view.text and "(resuelto)" in view.text
    assert "Ana" in view.text  # the caseworker's reply is labelled with her name
    async with sqlite_runtime.db.sessions() as session:
        actions = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        ticket = await session.get(Ticket, 1)
    assert actions[:2] == ["login", "open_conversation"]
    assert {"claim", "reply", "note", "close"} <= set(actions)
    assert ticket is not None and ticket.claimed_at is not None and ticket.status == "closed"


async def test_supervisor_manages_canned_replies_caseworker_uses_them(
    console, accounts, sqlite_runtime: Runtime
) -> None:
    await sign_in(console, "sofia@example.org")
    page = await console.get("/console/canned")
    token = csrf_of(page.text)
    for lang, title, text in [
        ("es", "Saludo", "Hola, te escribe el equipo de movilidad humana."),
        ("en", "Greeting", "Hello, this is the human mobility team."),
    ]:
        saved = await console.post(
            "/console/canned", data={"csrf": token, "lang": lang, "title": title, "text": text}
        )
        assert saved.headers["location"].endswith("?m=canned_saved")
    invalid = await console.post(
        "/console/canned", data={"csrf": token, "lang": "fr", "title": "x", "text": "y"}
    )
    assert invalid.headers["location"].endswith("?m=canned_invalid")

    asked = await Person(sqlite_runtime, "web", "w-en").says("I want to talk to a person please")
    assert asked.handoff
    await console.post("/console/logout", data={"csrf": token})
    await sign_in(console, "ana@example.org")
    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    await console.post("/console/tickets/1/claim", data={"csrf": csrf_of(page.text)})
    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    assert "Hello, this is the human mobility team." in page.text  # the English one
    assert "te escribe el equipo" not in page.text

    await console.post("/console/logout", data={"csrf": csrf_of(page.text)})
    await sign_in(console, "sofia@example.org")
    async with sqlite_runtime.db.sessions() as session:
        first = await session.scalar(select(CannedReply.id).order_by(CannedReply.id))
        before = len(list(await session.scalars(select(CannedReply))))
    page = await console.get("/console/canned")
    deleted = await console.post(
        f"/console/canned/{first}/delete", data={"csrf": csrf_of(page.text)}
    )
    assert deleted.headers["location"].endswith("?m=canned_deleted")
    async with sqlite_runtime.db.sessions() as session:
        assert len(list(await session.scalars(select(CannedReply)))) == before - 1


async def test_second_caseworker_cannot_take_a_claimed_ticket(
    console, accounts, sqlite_runtime: Runtime
) -> None:
    asked = await Person(sqlite_runtime, "web", "w-2").says("HUMANO")
    await sign_in(console, "ana@example.org")
    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    await console.post("/console/tickets/1/claim", data={"csrf": csrf_of(page.text)})
    await console.post("/console/logout", data={"csrf": csrf_of(page.text)})
    await sign_in(console, "luis@example.org")
    page = await console.get(f"/console/conversations/{asked.conversation_id}")
    # Need-to-know: someone else's claimed ticket does not even show its transcript.
    assert page.status_code == 303 and page.headers["location"].endswith("?m=not_found")
    token = csrf_of((await console.get("/console")).text)
    claim = await console.post("/console/tickets/1/claim", data={"csrf": token})
    assert claim.headers["location"].endswith("?m=taken")
    reply = await console.post("/console/tickets/1/reply", data={"csrf": token, "text": "hola"})
    assert reply.headers["location"].endswith("?m=not_yours")
    queue = await console.get("/console")
    assert "con Ana" in queue.text
