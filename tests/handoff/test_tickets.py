"""Tickets from the caseworker's side: queue order, claim, reply through the channel, close."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import gsm7
from bot.handoff import casefile, tickets
from bot.handoff.accounts import hash_password
from bot.handoff.tickets import TicketError
from bot.runtime import Runtime
from bot.storage import repository as repo
from bot.storage.models import Caseworker, Contact, Conversation, Message, Ticket, utcnow
from tests.conftest import Person


async def account(runtime: Runtime, name: str, role: str = "caseworker") -> Caseworker:
    async with runtime.db.sessions.begin() as session:
        found = Caseworker(
            email=f"{name}@example.org", name=name, role=role, password_hash=hash_password("x" * 12)
        )
        session.add(found)
        await session.flush()
        session.expunge(found)
        return found


async def ticket_of(runtime: Runtime, conversation_id: int) -> Ticket:
    async with runtime.db.sessions() as session:
        found = await repo.open_ticket(session, conversation_id)
        assert found is not None
        return found


async def test_queue_urgent_first_then_longest_wait(runtime: Runtime) -> None:
    early = await Person(runtime, "telegram", "1001").says("HUMANO")
    late = await Person(runtime, "sms", "+593990000002").says("HUMANO")
    urgent = await Person(runtime, "web", "w-3").says("me quieren matar, ayuda")
    async with runtime.db.sessions.begin() as session:
        # The early ticket waited an hour longer than the late one.
        first = await repo.open_ticket(session, early.conversation_id)
        assert first is not None
        first.created_at = utcnow() - timedelta(hours=1)
    async with runtime.db.sessions() as session:
        items = await tickets.queue(session)
    order = [item.conversation_id for item in items]
    assert order == [urgent.conversation_id, early.conversation_id, late.conversation_id]
    assert items[0].priority == "urgent" and items[0].reason == "danger"
    assert items[1].waited >= timedelta(minutes=59)


async def test_claim_once_and_median_wait_is_told_to_the_next_person(runtime: Runtime) -> None:
    ana, luis = await account(runtime, "ana"), await account(runtime, "luis")
    asked = await Person(runtime, "telegram", "2001").says("HUMANO")
    ticket = await ticket_of(runtime, asked.conversation_id)
    async with runtime.db.sessions.begin() as session:
        stored = await session.get(Ticket, ticket.id)
        assert stored is not None
        stored.created_at = utcnow() - timedelta(minutes=30)
        await tickets.claim(session, ticket.id, ana)
    async with runtime.db.sessions.begin() as session:
        with pytest.raises(TicketError) as taken:
            await tickets.claim(session, ticket.id, luis)
    assert taken.value.reason == "taken"
    async with runtime.db.sessions() as session:
        wait = await tickets.expected_wait(session)
    assert wait is not None and timedelta(minutes=29) < wait < timedelta(minutes=31)
    other = Person(runtime, "sms", "+593990000003")
    await other.says("HUMANO")
    waiting = await other.says("hola?")
    assert "unos 30 minutos" in waiting.rendered[0].text


@pytest.mark.parametrize(
    ("channel", "user"), [("telegram", "3001"), ("sms", "+593990003001"), ("web", "w-3001")]
)
async def test_reply_is_rendered_for_the_persons_channel(
    runtime: Runtime, channel: str, user: str
) -> None:
    ana = await account(runtime, "ana")
    asked = await Person(runtime, channel, user).says("HUMANO")
    ticket = await ticket_of(runtime, asked.conversation_id)
    text = "Hola, soy Ana de la Unidad de Movilidad Humana. ¿Cuál es tu situación? <ok>"
    async with runtime.db.sessions.begin() as session:
        with pytest.raises(TicketError) as first_claim:
            await tickets.reply(session, ticket.id, ana, text)
        assert first_claim.value.reason == "not_yours"
        await tickets.claim(session, ticket.id, ana)
        messages = await tickets.reply(session, ticket.id, ana, text)
    assert len(messages) == 1
    async with runtime.db.sessions() as session:
        row = await session.get(Message, messages[0].id)
    assert row is not None
    assert row.author == f"caseworker:{ana.id}" and row.status == "queued"
    assert row.direction == "out" and row.channel == channel
    if channel == "telegram":
        assert row.payload == {
            "text": text.replace("<", "&lt;").replace(">", "&gt;"),
            "parse_mode": "HTML",
        }
    elif channel == "sms":
        assert row.payload == {"body": gsm7.transliterate(text)}
        assert "Cual" in row.payload["body"] and row.segments == 1
    else:
        assert row.payload["text"] == text


async def test_sms_reply_over_two_segments_is_refused(runtime: Runtime) -> None:
    ana = await account(runtime, "ana")
    asked = await Person(runtime, "sms", "+593990004001").says("HUMANO")
    ticket = await ticket_of(runtime, asked.conversation_id)
    async with runtime.db.sessions.begin() as session:
        await tickets.claim(session, ticket.id, ana)
        await tickets.reply(session, ticket.id, ana, "a" * 306)  # exactly two segments
        with pytest.raises(TicketError) as too_long:
            await tickets.reply(session, ticket.id, ana, "a" * 307)
    assert too_long.value.reason == "too_long"


async def test_nobody_writes_to_a_person_who_sent_stop(runtime: Runtime) -> None:
    sofia = await account(runtime, "sofia", "supervisor")
    person = Person(runtime, "sms", "+593990005001")
    asked = await person.says("HUMANO")
    ticket = await ticket_of(runtime, asked.conversation_id)
    await person.says("STOP")
    async with runtime.db.sessions.begin() as session:
        with pytest.raises(TicketError) as refused:
            await tickets.reply(session, ticket.id, sofia, "Hola")
    assert refused.value.reason == "opted_out"
    async with runtime.db.sessions.begin() as session:
        await tickets.close(session, ticket.id, sofia, "no_response", tell_person=True)
    async with runtime.db.sessions() as session:
        queued = await session.scalars(select(Message).where(Message.author.like("caseworker:%")))
        assert list(queued) == []  # closing still worked, and told nobody


async def test_close_hands_the_conversation_back_to_the_bot(runtime: Runtime) -> None:
    ana = await account(runtime, "ana")
    person = Person(runtime, "telegram", "6001")
    asked = await person.says("HUMANO")
    told = await person.says("sigo esperando")
    assert told.handoff and told.rendered  # told the wait once
    ticket = await ticket_of(runtime, asked.conversation_id)
    async with runtime.db.sessions.begin() as session:
        await tickets.claim(session, ticket.id, ana)
        await tickets.add_note(session, ticket.id, ana, "Pidió información de visa.")
        await tickets.close(session, ticket.id, ana, "resolved")
    async with runtime.db.sessions() as session:
        conversation = await session.get(Conversation, asked.conversation_id)
        closed = await session.get(Ticket, ticket.id)
        last = (await repo.messages_of(session, asked.conversation_id))[-1]
    assert conversation is not None and conversation.status == "bot"
    assert closed is not None and closed.status == "closed" and closed.outcome == "resolved"
    assert last.author == f"caseworker:{ana.id}" and "terminó" in (last.text or "")
    answer = await person.says("puedo ir al medico sin cedula?")
    assert answer.topic == "health" and not answer.handoff
    again = await person.says("HUMANO")
    again_wait = await person.says("hola")
    assert again.handoff and again_wait.rendered  # the wait is told again on a new ticket


async def test_transfer_needs_the_assignee_or_a_supervisor(runtime: Runtime) -> None:
    ana, luis = await account(runtime, "ana"), await account(runtime, "luis")
    sofia = await account(runtime, "sofia", "supervisor")
    asked = await Person(runtime, "telegram", "7001").says("HUMANO")
    ticket = await ticket_of(runtime, asked.conversation_id)
    async with runtime.db.sessions.begin() as session:
        await tickets.claim(session, ticket.id, ana)
        with pytest.raises(TicketError):
            await tickets.transfer(session, ticket.id, luis, luis.id)
        await tickets.transfer(session, ticket.id, ana, luis.id)
        await tickets.transfer(session, ticket.id, sofia, ana.id)
    async with runtime.db.sessions() as session:
        case = await casefile.load(session, runtime.protector, asked.conversation_id)
    assert case is not None and case.open_ticket is not None
    assert case.open_ticket.assigned_to == ana.id
    kinds = [event.kind for event, _ in case.tickets[0].events]
    assert kinds == ["created", "claimed", "transferred", "transferred"]


async def test_case_file_masks_the_address(runtime: Runtime) -> None:
    asked = await Person(runtime, "sms", "+593991234567").says("HUMANO")
    async with runtime.db.sessions() as session:
        case = await casefile.load(session, runtime.protector, asked.conversation_id)
        contact = await session.scalar(select(Contact))
    assert case is not None and contact is not None
    assert case.masked_address == "•••567" and case.channel == "sms"
    # the handoff reply, and the first-contact privacy line as its own SMS when both don't fit
    assert [line.direction for line in case.transcript] in (["in", "out"], ["in", "out", "out"])
    assert casefile.mask_address("telegram", "123456789") == "•••789"
    assert casefile.mask_address("web", "anything") == "web session"
    assert casefile.mask_address("sms", None) == "(erased)"
