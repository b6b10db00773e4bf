"""Transcript tests of the safety flow (issue 12): each danger category gets its own first reply
in both renderings, safety beats opt-out, waiting is not silence, MENU asks before leaving the
queue, and urgency alone is not danger. Messages are written for these tests (not taken from
nlu/danger.yml or the blind set)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot import gsm7
from bot.channels.outbox import Outbox, passes_optout
from bot.handoff import casefile, tickets
from bot.messages import TurnResult
from bot.storage import repository as repo
from bot.storage.models import Conversation, Message, Ticket, TicketEvent
from bot.understanding.danger import CATEGORY_NAMES
from tests.conftest import Person
from tests.handoff.test_tickets import account

CHANNELS = ["telegram", "sms"]

# One message per category, and the words its first reply must hold (beyond 911).
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "violence": ("mi pareja me pega y tengo miedo", ("fiscalia.gob.ec",)),
    "sexual_violence": ("anoche me violaron al salir del trabajo", ("72",)),
    "child_risk": (
        "mi vecina deja a su nena de 4 años sola y el padrastro la toca raro",
        ("DINAPEN", "Junta"),
    ),
    "trafficking": ("mi jefe se quedo con mi pasaporte y no me deja salir", ("1800 335486",)),
    "detention": (
        "la policia me tiene detenido ahora y me van a deportar",
        ("Defensoría Pública", "refugio"),
    ),
    "armed_threat": ("la pandilla me esta buscando para matarme", ("1800 335486",)),
    "self_harm": (
        "ya no aguanto mas, pa q seguir aqui, mejor me voy pa siempre",
        ("a salvo", "171"),
    ),
    "no_shelter": (
        "el dueño del cuarto me dijo q mañana me saca con mis 3 hijos y no tengo a donde ir",
        ("ciudad",),
    ),
    "medical": ("mi hijo no respira, ayuda", ("ambulancia",)),
    "distress": ("auxilio", ("Qué está pasando",)),
}


def shown(result: TurnResult) -> str:
    """Everything the person sees this turn, GSM-7 folded so both renderings compare alike."""
    return gsm7.transliterate("\n".join(r.text for r in result.rendered))


def folded(text: str) -> str:
    return gsm7.transliterate(text)


def check_sms(result: TurnResult) -> None:
    for reply in result.rendered:
        assert reply.segments <= 2 and reply.encoding == "GSM-7", reply.text
        assert "(MAS)" not in reply.text, "a danger reply is never behind MAS"


async def urgent_ticket(runtime: Any, conversation_id: int) -> Ticket:
    async with runtime.db.sessions() as session:
        found = await repo.open_ticket(session, conversation_id)
    assert found is not None and found.priority == "urgent"
    return found


def test_every_case_uses_the_one_vocabulary() -> None:
    assert set(CASES) == set(CATEGORY_NAMES)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("category", sorted(CASES))
async def test_each_category_gets_its_own_first_reply(sqlite_runtime, channel, category) -> None:
    message, expected = CASES[category]
    person = Person(sqlite_runtime, channel, f"u-{category}")
    # user says: the danger message
    result = await person.says(message)
    # bot says: the reply of its category, 911 named, then what happens next
    assert result.urgent and result.handoff
    assert result.danger == category
    text = shown(result)
    assert "911" in text
    for words in expected:
        assert folded(words) in text, (category, words, text)
    assert text.index("911") < text.index("equipo")
    if channel == "sms":
        check_sms(result)
    ticket = await urgent_ticket(sqlite_runtime, result.conversation_id)
    assert ticket.topic == category  # the ticket records the category


@pytest.mark.parametrize("channel", CHANNELS)
async def test_self_harm_asks_if_safe_now_without_judging(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, "u-sh")
    result = await person.says(CASES["self_harm"][0])
    text = shown(result)
    assert "a salvo ahora" in text and "171" in text and "opcion 6" in text
    assert "Fiscal" not in text and "Policia" not in text  # a crisis line, not a crime line


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_child_writing_about_themself_is_addressed_as_the_child(
    sqlite_runtime, channel
) -> None:
    child = await Person(sqlite_runtime, channel, "u-kid").says(
        "tengo 13 años y mi padrastro me pega"
    )
    adult = await Person(sqlite_runtime, channel, "u-adult").says(CASES["child_risk"][0])
    assert child.danger == adult.danger == "child_risk"
    assert "no es tu culpa" in shown(child).lower()
    assert "Gracias por avisar" in shown(adult)
    # the neighbour's message tells of sexual abuse: health care first, within 72 hours
    assert "72" in shown(adult)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_sexual_violence_puts_health_care_before_a_complaint(sqlite_runtime, channel) -> None:
    result = await Person(sqlite_runtime, channel, "u-sv").says(CASES["sexual_violence"][0])
    text = shown(result)
    assert text.index("72") < text.index("911")
    if channel == "telegram":
        assert text.index("emergencia de un hospital") < text.index("denunciar")
        assert "Fiscalia" in text  # health staff must inform the prosecutor, said plainly


@pytest.mark.parametrize("channel", CHANNELS)
async def test_police_routes_say_what_is_known_about_migration_checks(
    sqlite_runtime, channel
) -> None:
    result = await Person(sqlite_runtime, channel, "u-pol").says(CASES["violence"][0])
    text = shown(result)
    assert "controles migratorios" in text and "Ibarra" in text
    assert "llama igual al 911" in text  # never discourages 911
    assert "1800-DELITO" not in text or "no es una denuncia" in text


@pytest.mark.parametrize("channel", CHANNELS)
async def test_no_shelter_asks_the_city_then_lists_its_shelters(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, "u-ns")
    asked = await person.says(CASES["no_shelter"][0])
    assert "ciudad" in shown(asked)
    listed = await person.says("1")  # Quito, the first place offered
    names = [
        s.name
        for s in sqlite_runtime.kb.services.values()
        if "shelter" in s.kinds and "Quito" in s.cities
    ]
    assert names and any(folded(name) in shown(listed) for name in names)
    assert "persona" in shown(listed)  # a person will also answer
    if channel == "sms":
        check_sms(listed)


async def test_a_new_question_after_the_city_question_is_answered_as_one(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "u-ns3")
    asked = await person.says(CASES["no_shelter"][0])
    assert "ciudad" in shown(asked)
    answered = await person.says("como saco la visa")
    assert "reg-visas-residence" in answered.article_ids, shown(answered)
    assert "albergue verificado" not in shown(answered)
    again = await Person(sqlite_runtime, "telegram", "u-ns4").says(CASES["no_shelter"][0])
    assert "ciudad" in shown(again)
    short = await Person(sqlite_runtime, "telegram", "u-ns4").says("en la terminal")
    assert "albergue verificado" in shown(short)  # a short reply is the answer, a place unknown


async def test_no_shelter_with_the_city_named_lists_at_once(sqlite_runtime) -> None:
    result = await Person(sqlite_runtime, "telegram", "u-ns2").says(
        "esta noche no tengo donde dormir con mis hijos en ibarra"
    )
    assert result.danger == "no_shelter"
    assert "Albergues en Ibarra" in shown(result)


@pytest.mark.parametrize("channel", ["sms", "telegram"])
async def test_opt_out_then_danger_gets_the_emergency_reply(sqlite_runtime, channel) -> None:
    user = "+593990001212" if channel == "sms" else "70001"
    person = Person(sqlite_runtime, channel, user)
    stop = await person.says("BAJA")
    assert stop.optout and "Si estas en peligro, llama al 911" in shown(stop)
    quiet = await person.says("hola")
    assert quiet.rendered == []  # everything else stays opted out
    danger = await person.says("mi marido me esta pegando ayuda")
    assert danger.urgent and danger.danger == "violence"
    assert "911" in shown(danger)
    assert all(passes_optout(r.payload) for r in danger.rendered)
    ticket = await urgent_ticket(sqlite_runtime, danger.conversation_id)
    # a caseworker may answer that urgent ticket, and the reply passes the opt-out guard
    ana = await account(sqlite_runtime, f"ana-{channel}")
    async with sqlite_runtime.db.sessions.begin() as session:
        await tickets.claim(session, ticket.id, ana)
        [reply] = await tickets.reply(session, ticket.id, ana, "Hola, soy Ana. ¿Estás a salvo?")
        assert passes_optout(reply.payload)
    async with sqlite_runtime.db.sessions() as session:
        case = await casefile.load(session, sqlite_runtime.protector, danger.conversation_id)
    assert case is not None and case.danger_after_optout


class Recorder:
    """A sender that records what it was asked to send."""

    channel = "sms"

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str | None:
        self.sent.append(payload)
        return f"SM{message_id:032d}"


async def test_the_outbox_guard_lets_only_emergency_and_urgent_replies_through(runtime) -> None:
    person = Person(runtime, "sms", "+593990001313")
    await person.says("BAJA")
    async with runtime.db.sessions.begin() as session:
        conversation = await session.scalar(select(Conversation))
        assert conversation is not None
        for payload in (
            {"body": "a late menu"},
            {"body": "911", "emergency": True},
            {"body": "Ana here", "urgent_reply": True},
            {"body": "another late answer"},
        ):
            await repo.queue_outbound(session, conversation, text=payload["body"], payload=payload)
    sender = Recorder()
    outbox = Outbox(runtime.db, runtime.protector, {"sms": sender})
    for _ in range(5):
        await outbox.run_once()
    assert [p["body"] for p in sender.sent] == ["911", "Ana here"]
    async with runtime.db.sessions() as session:
        held = (
            await session.scalars(select(Message).where(Message.last_error == "opted_out"))
        ).all()
    assert {m.text for m in held} == {"a late menu", "another late answer"}


async def test_provider_refusal_tops_the_queue_in_red(runtime) -> None:
    from bot.channels.outbox import SendError

    class Refusing(Recorder):
        async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str:
            raise SendError("opted_out", retryable=False, opted_out=True)

    await Person(runtime, "telegram", "80001").says("HUMANO")
    await Person(runtime, "telegram", "80002").says("me quieren matar, ayuda")
    blocked = await Person(runtime, "sms", "+593990001414").says("me quieren matar, ayuda")
    async with runtime.db.sessions.begin() as session:
        conversation = await session.get(Conversation, blocked.conversation_id)
        assert conversation is not None
        await repo.queue_outbound(session, conversation, text="Ana", payload={"body": "Ana"})
    await Outbox(runtime.db, runtime.protector, {"sms": Refusing()}).run_once()
    async with runtime.db.sessions() as session:
        items = await tickets.queue(session)
        case = await casefile.load(session, runtime.protector, blocked.conversation_id)
    assert items[0].conversation_id == blocked.conversation_id and items[0].blocked
    assert case is not None and case.provider_blocked


@pytest.mark.parametrize("channel", CHANNELS)
async def test_menu_while_an_urgent_ticket_waits_asks_first(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, "u-menu-urgent")
    danger = await person.says("me pegan y tengo miedo")
    assert danger.urgent
    asked = await person.says("MENU")
    assert "sigue abierto" in shown(asked)
    if channel == "sms":
        assert "1 Ver el menu (sigo esperando)" in shown(asked) and "2 Cerrar mi caso" in shown(
            asked
        )
    kept = await person.says("1")  # a digit answers the last numbered list shown
    assert "sigue abierto" in shown(kept)
    ticket = await urgent_ticket(sqlite_runtime, danger.conversation_id)
    assert ticket.status == "queued"
    # a keyword alone never closes it; the person's own choice does
    await person.says("MENU")
    await person.says("2")
    async with sqlite_runtime.db.sessions() as session:
        closed = await session.get(Ticket, ticket.id)
    assert closed is not None and closed.status == "closed" and closed.outcome == "left_queue"


@pytest.mark.parametrize("channel", CHANNELS)
async def test_waiting_is_not_silence(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, "u-wait")
    await person.says("me pegan y tengo miedo")
    # user says: a question while the urgent ticket waits unclaimed
    result = await person.says("hay un albergue en quito para esta noche?")
    # bot says: its answer, and that a person will also answer
    text = shown(result)
    assert "Recibimos tu mensaje" not in text
    assert "Quito" in text and "persona" in text
    assert result.topic in ("services", "safety", "housing")


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_plea_while_an_urgent_ticket_waits_is_never_met_with_silence(
    sqlite_runtime, channel
) -> None:
    # Found trying the chat as a newcomer: after the alarm and the wait message, "ayudame" got
    # nothing at all (the waiting flow says the wait once, then stays quiet).
    person = Person(sqlite_runtime, channel, "u-plea-waiting")
    assert (await person.says("me pegan y tengo miedo")).urgent
    first = shown(await person.says("ayudame"))  # the wait, said once, names 911 out of hours
    assert "Recibimos tu mensaje" in first or "Seguimos contigo" in first
    for plea in ("ayudame", "necesito ayuda"):
        text = shown(await person.says(plea))
        assert "911" in text and "Seguimos contigo" in text, plea


async def test_once_claimed_messages_go_to_the_caseworker(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "u-claimed")
    danger = await person.says("me pegan y tengo miedo")
    ticket = await urgent_ticket(sqlite_runtime, danger.conversation_id)
    ana = await account(sqlite_runtime, "ana-claimed")
    async with sqlite_runtime.db.sessions.begin() as session:
        await tickets.claim(session, ticket.id, ana)
    first = await person.says("hay un albergue en quito para esta noche?")
    assert "persona" in shown(first) and "Albergues" not in shown(first)
    second = await person.says("gracias")
    assert second.rendered == []


FALSE_ALARMS = [
    "es urgente, mañana vence mi plazo",
    "necesito ayuda urgente con mi visa",
    "estoy en otavalo y necesito ayuda con comida y ropa",
    "el dueño se quedo con mi deposito y me corto el agua",
    "my landlord kept my deposit and cut off the water",
]
STILL_DANGER = {
    "mi empleador tiene mi pasaporte y no me lo quiere devolver": "trafficking",
    "mi pareja me quito el pasaporte para que no me vaya": "trafficking",
    "esta noche nos sacan del cuarto y no tenemos a donde ir": "no_shelter",
    "me estan deportando ahora, estoy en el aeropuerto": "detention",
}


@pytest.mark.parametrize("text", FALSE_ALARMS)
async def test_urgency_alone_is_not_danger(sqlite_runtime, text) -> None:
    result = await Person(sqlite_runtime, "sms", f"+5939{abs(hash(text)) % 10**8:08d}").says(text)
    assert not result.urgent and result.danger is None
    async with sqlite_runtime.db.sessions() as session:
        urgent = await session.scalar(select(Ticket).where(Ticket.priority == "urgent"))
    assert urgent is None


@pytest.mark.parametrize(("text", "category"), sorted(STILL_DANGER.items()))
async def test_these_stay_danger(sqlite_runtime, text, category) -> None:
    result = await Person(sqlite_runtime, "telegram", f"u-{abs(hash(text)) % 10**6}").says(text)
    assert result.urgent and result.danger == category


async def test_quick_exit_ends_the_web_session_and_the_console_says_so(sqlite_runtime) -> None:
    from tests.foundation.test_web_chat import client_for

    client, _ = await client_for(sqlite_runtime)
    async with client:
        page = await client.get("/")
        assert "Salir rápido / Quick exit" in page.text
        danger = (
            await client.post("/chat/message", json={"text": "me pegan y tengo miedo"})
        ).json()
        assert danger["urgent"] and danger["danger"] == "violence"
        assert danger["replies"][0]["kind"] == "urgent"  # the page makes its 911 a tel: link
        left = await client.post("/chat/exit")
        assert left.json() == {"url": "https://www.google.com"}
        assert "rumbo_chat" in left.headers.get("set-cookie", "")
        client.cookies.clear()  # what the browser does with the expired cookie
        assert (await client.get("/chat/updates")).json() == {"replies": []}
    async with sqlite_runtime.db.sessions() as session:
        event = await session.scalar(select(TicketEvent).where(TicketEvent.kind == repo.QUICK_EXIT))
        conversation = await session.scalar(select(Conversation))
        assert conversation is not None
        case = await casefile.load(session, sqlite_runtime.protector, conversation.id)
    assert event is not None and case is not None and case.quick_exit


def test_the_page_script_makes_911_a_call_link_and_replaces_the_location() -> None:
    from pathlib import Path

    script = (Path(__file__).parents[2] / "bot/channels/web/static/chat.js").read_text()
    assert 'a.href = "tel:" + digits(part)' in script  # 911 and every number (#18)
    assert 'fetch("/chat/exit", { method: "POST"' in script
    assert "window.location.replace(" in script
