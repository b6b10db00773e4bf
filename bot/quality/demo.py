"""A seeded run of synthetic conversations, so the quality page shows real figures: people ask
the knowledge base's own example questions on every channel, some rate the answers, some ask
what the knowledge base does not cover, some ask for a person or write about danger, and
caseworkers claim, close and flag. Everything goes through the real engine and console
functions; only the dates are spread over the last week afterwards (a seed made in one
minute would otherwise show one day). Synthetic data only: never run it on a real database.

`python scripts/seed_quality.py` runs it against RUMBO_DATABASE_URL.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from bot.channels.host import ChannelHost as Runtime
from bot.handoff import tickets
from bot.handoff.accounts import hash_password
from bot.messages import InboundMessage, TurnResult
from bot.quality import store
from bot.quality.models import Rating, TurnStat, Unanswered
from bot.storage.models import Caseworker, Message, Ticket, utcnow

CHANNELS = ("whatsapp", "whatsapp", "telegram", "web", "sms")
POPULAR_QUESTIONS = 20  # of each popular article, from the top of its list
CITIES = ("Quito", "Quito", "Quito", "Ibarra", "Otavalo", "Cayambe")
SPREAD_DAYS = 7
# Questions outside the knowledge base, worded a few ways, with names and numbers to mask.
GAPS = (
    (
        "abrir cuenta bancaria siendo migrante",
        "que banco me abre una cuenta con pasaporte",
        "banco abrir cuenta migrantes, mi cel 0991234567",
        "banco abrir cuenta migrantes",
    ),
    (
        "como envio dinero a venezuela",
        "como envio dinero a venezuela, soy Ana",
        "como envio dinero a venezuela desde quito",
    ),
)
DANGER = (
    "mi pareja me pega y tengo miedo, ayuda",
    "me quitaron el pasaporte y me obligan a trabajar sin pago",
    "no tengo donde dormir esta noche con mis hijos",
)


@dataclass(slots=True)
class Seeded:
    """What the run did."""

    people: int = 0
    turns: int = 0
    ratings: int = 0
    tickets: int = 0


async def _say(runtime: Runtime, channel: str, user: str, text: str, **kw: str) -> TurnResult:
    inbound = InboundMessage(channel=channel, user=user, text=text)
    if "choice_id" in kw:
        inbound.kind, inbound.choice_id = "choice", kw["choice_id"]
    return await runtime.engine.handle(inbound, inline=True)


def _rating_choice(result: TurnResult) -> tuple[str, str] | None:
    for rendered in result.rendered:
        ids = [c["id"] for c in rendered.choices if c["id"].startswith("rate:")]
        if ids:
            return ids[0], ids[1]
    return None


async def _supervisor(runtime: Runtime) -> Caseworker:
    async with runtime.db.sessions.begin() as session:
        found = await session.scalar(
            select(Caseworker).where(Caseworker.email == "demo-calidad@example.org")
        )
        if found is None:
            found = Caseworker(
                email="demo-calidad@example.org",
                name="Demo Calidad",
                role="supervisor",
                password_hash=hash_password("demo-calidad-no-real-account"),
                active=False,
            )
            session.add(found)
            await session.flush()
        return found


async def seed(runtime: Runtime, *, people: int = 60, seed_value: int = 18) -> Seeded:
    """Run the synthetic conversations; returns what was done."""
    rng = random.Random(seed_value)
    questions = {
        lang: [q for (_, lg), a in runtime.kb.articles.items() if lg == lang for q in a.questions]
        for lang in ("es", "en")
    }
    # As in real life, a few answers get most of the questions: their first questions, the ones
    # the article was written for (development sets add long, many-sided ones after them, and
    # those would spread the demo's ratings too thin to show).
    popular_ids = sorted({article_id for article_id, _ in runtime.kb.articles})[::7][:6]
    popular = {
        lang: [
            q
            for i in popular_ids
            if (a := runtime.kb.article(i, lang))
            for q in a.questions[:POPULAR_QUESTIONS]
        ]
        for lang in ("es", "en")
    }
    done = Seeded()
    gap_askers = iter(range(10**6))
    for n in range(people):
        channel = rng.choice(CHANNELS)
        lang = "en" if rng.random() < 0.2 else "es"
        user = f"+5939900{n:05d}" if channel in ("sms", "whatsapp") else f"demo-{n}"
        done.people += 1
        if rng.random() < 0.45:  # says where they are: the province is kept
            city = rng.choice(CITIES)
            await _say(runtime, channel, user, f"donde hay ayuda legal en {city}?")
            done.turns += 1
        for _ in range(rng.randint(1, 3)):
            pool = popular[lang] if rng.random() < 0.7 else questions[lang]
            result = await _say(runtime, channel, user, rng.choice(pool))
            done.turns += 1
            rating = _rating_choice(result)
            if rating and rng.random() < 0.7:
                await _say(
                    runtime, channel, user, "", choice_id=rating[0 if rng.random() < 0.75 else 1]
                )
                done.turns += 1
                done.ratings += 1
        # Each person's last step comes from their own generator, so that what the articles
        # ask and answer (which changes with the content) does not change who asks what.
        plan = random.Random(seed_value * 100_003 + n)
        roll = plan.random()
        if roll < 0.35:
            group = GAPS[next(gap_askers) % len(GAPS)]
            await _say(runtime, channel, user, plan.choice(group))
            done.turns += 1
        elif roll < 0.5:
            await _say(runtime, channel, user, "quiero hablar con una persona")
            done.turns += 1
        elif roll < 0.6:
            await _say(runtime, channel, user, plan.choice(DANGER))
            done.turns += 1
    done.tickets = await _work_tickets(runtime, rng)
    await _spread_dates(runtime, rng)
    return done


async def _work_tickets(runtime: Runtime, rng: random.Random) -> int:
    """Claim most tickets after a realistic wait, close most of those, flag a few answers."""
    boss = await _supervisor(runtime)
    async with runtime.db.sessions.begin() as session:
        open_tickets = list(await session.scalars(select(Ticket).order_by(Ticket.id)))
        for ticket in open_tickets:
            if rng.random() < 0.15:
                continue  # still waiting
            await tickets.claim(session, ticket.id, boss)
            wait = timedelta(minutes=rng.choice((4, 9, 15, 25, 40, 55, 70, 95, 150)))
            ticket.claimed_at = ticket.created_at + wait
            if rng.random() < 0.8:
                outcome = rng.choice(("resolved", "resolved", "referred", "no_response"))
                await tickets.close(session, ticket.id, boss, outcome, tell_person=False)
        answers = [
            m
            for m in await session.scalars(
                select(Message).where(Message.direction == "out", Message.author == "bot")
            )
            if (m.payload or {}).get("kind") == "answer"
        ]
        for message in rng.sample(answers, min(4, len(answers))):
            await store.flag(session, message, boss.id, rng.choice(store.FLAG_KINDS), "demo")
    return len(open_tickets)


async def _spread_dates(runtime: Runtime, rng: random.Random) -> None:
    """Move each person's rows to one day of the last week (same shift for all their rows)."""
    now = utcnow()
    async with runtime.db.sessions.begin() as session:
        people = list(await session.scalars(select(TurnStat.person).distinct()))
        for person in people:
            back = timedelta(days=rng.randint(0, SPREAD_DAYS - 1), minutes=rng.randint(0, 600))
            day = (now - back).date().isoformat()
            for model in (TurnStat, Rating, Unanswered):
                await session.execute(
                    update(model)
                    .where(model.person == person)
                    .values(at=now - back, **({"day": day} if model is not Unanswered else {}))
                )
