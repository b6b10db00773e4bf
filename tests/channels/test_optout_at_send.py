"""Replies queued before BAJA are dropped at send time on every channel (issue 17), except the
BAJA confirmation itself, the emergency reply to danger written after BAJA, and a caseworker's
reply to the urgent ticket it opened. The turns run through the real engine and renderers; the
outbox sends through a recorder in place of each channel's provider."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.channels.outbox import Outbox
from bot.handoff import tickets
from bot.messages import InboundMessage
from bot.storage import repository as repo
from bot.storage.models import Message
from tests.handoff.test_tickets import account

USERS = {"telegram": "70017", "sms": "+593990001717", "whatsapp": "+593990001718"}


class Recorder:
    """Records what the outbox hands to the channel."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str | None:
        self.sent.append(message_id)
        return f"P{message_id}"


async def queued_turn(runtime: Any, channel: str, text: str, n: int) -> list[int]:
    """One turn whose replies stay in the outbox (as from a webhook); their message ids."""
    inbound = InboundMessage(
        channel=channel, user=USERS[channel], text=text, external_id=f"{channel}-{n}"
    )
    result = await runtime.engine.handle(inbound)
    assert result.outbound_ids, f"{text!r} got no reply"
    return list(result.outbound_ids)


@pytest.mark.parametrize("channel", sorted(USERS))
async def test_replies_queued_before_baja_are_dropped_at_send_time(
    sqlite_runtime: Any, channel: str
) -> None:
    before = await queued_turn(sqlite_runtime, channel, "hola", 1)
    before += await queued_turn(sqlite_runtime, channel, "puedo ir al medico sin cedula", 2)
    confirmation = await queued_turn(sqlite_runtime, channel, "BAJA", 3)
    emergency = await queued_turn(sqlite_runtime, channel, "mi marido me esta pegando ayuda", 4)
    async with sqlite_runtime.db.sessions() as session:
        ticket = await repo.open_ticket(
            session, (await session.get(Message, emergency[0])).conversation_id
        )  # type: ignore[union-attr]
    assert ticket is not None and ticket.priority == "urgent"
    ana = await account(sqlite_runtime, f"ana-{channel}")
    async with sqlite_runtime.db.sessions.begin() as session:
        await tickets.claim(session, ticket.id, ana)
        answer = await tickets.reply(session, ticket.id, ana, "Hola, soy Ana. ¿Estás a salvo?")
        reply_ids = [m.id for m in answer]

    recorder = Recorder()
    outbox = Outbox(sqlite_runtime.db, sqlite_runtime.protector, {channel: recorder})
    for _ in range(len(before) + len(confirmation) + len(emergency) + len(reply_ids) + 2):
        await outbox.run_once()

    assert recorder.sent == confirmation + emergency + reply_ids
    async with sqlite_runtime.db.sessions() as session:
        dropped = await session.scalars(select(Message).where(Message.id.in_(before)))
        assert {(m.status, m.last_error) for m in dropped} == {("failed", "opted_out")}


@pytest.mark.parametrize("channel", ["telegram", "sms", "whatsapp"])
def test_every_outbox_channel_marks_the_baja_confirmation(channel: str) -> None:
    """A renderer that forgot the flag would have its confirmation dropped by the guard."""
    from bot.channels.outbox import passes_optout
    from bot.channels.registry import RENDERERS
    from bot.messages import OutboundMessage

    reply = OutboundMessage("Listo, no te escribiremos más.", kind="optout")
    rendered = RENDERERS[channel]([reply], lang="es", state={})
    assert rendered and passes_optout(rendered[0].payload)
    plain = RENDERERS[channel]([OutboundMessage("Hola")], lang="es", state={})
    assert not any(passes_optout(r.payload) for r in plain)
