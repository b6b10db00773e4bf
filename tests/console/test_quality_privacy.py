"""The quality loop's rows and the person's rights (#18): BORRAR and /delete erase what it kept
of them, retention removes old rows, and the "Calidad" page counts days of the operator's
calendar (RUMBO_TIMEZONE), not UTC days."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from bot.messages import InboundMessage
from bot.quality import report, store
from bot.quality.models import Flag, Rating, TurnStat, Unanswered
from bot.runtime import Runtime
from bot.storage.models import Contact, Conversation, Message, utcnow
from bot.storage.retention import run_retention
from bot.web.app import create_app
from tests.console.conftest import add_caseworker, sign_in

QUITO = ZoneInfo("America/Guayaquil")


async def say(runtime: Runtime, channel: str, user: str, text: str, n: int) -> None:
    await runtime.engine.handle(
        InboundMessage(channel=channel, user=user, text=text, external_id=f"{user}-{n}")
    )


async def quality_rows(runtime: Runtime, person: str) -> list[object]:
    async with runtime.db.sessions() as session:
        found: list[object] = []
        for model in (TurnStat, Rating, Unanswered):
            found += list(await session.scalars(select(model).where(model.person == person)))
        return found


async def keyed(runtime: Runtime, channel: str, user: str) -> tuple[int, str]:
    from bot.storage import repository as repo

    async with runtime.db.sessions() as session:
        contact = await repo.find_contact(session, runtime.protector, channel, user)
        assert isinstance(contact, Contact)
        return contact.id, store.person_key(runtime.protector, contact.id)


@pytest.mark.parametrize(("channel", "command"), [("sms", "BORRAR"), ("telegram", "/delete")])
async def test_erasure_removes_what_the_quality_loop_kept_of_the_person(
    runtime: Runtime, channel: str, command: str
) -> None:
    me, other = "+593990000901" if channel == "sms" else "900901", "+593990000902"
    await say(runtime, channel, me, "puedo ir al medico sin cedula", 1)
    await say(runtime, channel, me, "como saco una licencia de pesca de atun", 2)
    await say(runtime, "sms", other, "puedo ir al medico sin cedula", 1)
    contact_id, person = await keyed(runtime, channel, me)
    _, someone_else = await keyed(runtime, "sms", other)
    caseworker = await add_caseworker(runtime, "ana@example.org", "Ana", "caseworker")
    async with runtime.db.sessions.begin() as session:
        await store.record_rating(
            session, person=person, channel=channel, lang="es", article_id="health-access", value=-1
        )
        answer = await session.scalar(
            select(Message)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Conversation.contact_id == contact_id, Message.direction == "out")
            .order_by(Message.id)
            .limit(1)
        )
        assert answer is not None
        await store.flag(session, answer, caseworker, "wrong", "la persona dijo que vive en Ibarra")
    assert len(await quality_rows(runtime, person)) >= 3, "turns, a gap and a rating"
    await say(runtime, channel, me, command, 3)
    await say(runtime, channel, me, "SI", 4)
    assert await quality_rows(runtime, person) == [], "labels, rating and gap erased"
    assert await quality_rows(runtime, someone_else), "another person's rows stay"
    async with runtime.db.sessions() as session:
        (flag,) = list(await session.scalars(select(Flag)))
    assert (flag.kind, flag.note, flag.message_id) == ("wrong", None, None)


async def test_retention_removes_old_quality_rows(runtime: Runtime) -> None:
    days = runtime.settings.retention_days
    old, recent = utcnow() - timedelta(days=days + 1), utcnow() - timedelta(days=1)
    async with runtime.db.sessions.begin() as session:
        for at, person in ((old, "old"), (recent, "new")):
            session.add(
                TurnStat(
                    day=at.date().isoformat(),
                    channel="sms",
                    lang="es",
                    flow="article",
                    person=person,
                    at=at,
                )
            )
            session.add(
                Rating(
                    day=at.date().isoformat(),
                    channel="sms",
                    lang="es",
                    article_id="health-access",
                    value=1,
                    person=person,
                    at=at,
                )
            )
            session.add(Flag(article_id="health-access", kind="outdated", note=person, at=at))
    await run_retention(runtime.db, retention_days=days)
    assert await quality_rows(runtime, "old") == []
    assert len(await quality_rows(runtime, "new")) == 2
    async with runtime.db.sessions() as session:
        notes = sorted(str(f.note) for f in await session.scalars(select(Flag)))
    assert notes == ["None", "new"], "an old flag keeps its kind and article, not its note"


def evening_in_quito_yesterday() -> tuple[datetime, str, str]:
    """21:00 yesterday in Quito: already today in UTC. (the turn time, local day, UTC day)"""
    today = utcnow().astimezone(QUITO).date()
    local = datetime.combine(today - timedelta(days=1), time(21, 0), tzinfo=QUITO)
    return local.astimezone(UTC), local.date().isoformat(), local.astimezone(UTC).date().isoformat()


async def add_evening_turns(runtime: Runtime, at: datetime, people: int = 5) -> None:
    async with runtime.db.sessions.begin() as session:
        for n in range(people):
            session.add(
                TurnStat(
                    day=at.date().isoformat(),  # as the hook stores it: the UTC day
                    channel="web",
                    lang="es",
                    flow="article",
                    person=f"p{n}",
                    at=at,
                )
            )


async def test_days_are_the_operators_local_days(sqlite_runtime: Runtime) -> None:
    at, local_day, utc_day = evening_in_quito_yesterday()
    assert local_day != utc_day
    await add_evening_turns(sqlite_runtime, at)
    async with sqlite_runtime.db.sessions() as session:
        local = await report.build(session, days=7, tz=QUITO)
        in_utc = await report.build(session, days=7)
    counts = {row.label: row.count for row in local.by_day}
    assert counts[local_day] == 5 and counts.get(utc_day, 0) == 0
    assert local.until == utcnow().astimezone(QUITO).date()
    assert {row.label: row.count for row in in_utc.by_day}[utc_day] == 5


async def test_the_quality_page_uses_rumbo_timezone(sqlite_runtime: Runtime) -> None:
    assert sqlite_runtime.settings.timezone == "America/Guayaquil"
    at, local_day, utc_day = evening_in_quito_yesterday()
    await add_evening_turns(sqlite_runtime, at)
    await add_caseworker(sqlite_runtime, "sofia@example.org", "Sofía", "supervisor")
    app = create_app(sqlite_runtime.settings, runtime=sqlite_runtime, migrate=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await sign_in(client, "sofia@example.org")
            exported = await client.get("/console/quality.csv?days=7")
            page = await client.get("/console/quality?days=7")
    assert page.status_code == 200
    days = {r[1]: r[2] for r in csv.reader(io.StringIO(exported.text)) if r[0] == "day"}
    assert days == {local_day: "5"}, f"the evening counts on {local_day}, not on {utc_day}"
