"""The figures of the supervisors' quality page, from labels only (never a message text,
except the masked content gaps, which are shown in groups of 5 or more people and never exported).

Any group of fewer than MIN_PEOPLE distinct people is suppressed (`None`) wherever people are
counted, on the page and in the CSV alike.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.quality.models import Flag, Rating, TurnStat, Unanswered
from bot.quality.similar import group_questions
from bot.storage.models import Ticket, utcnow
from bot.understanding.danger import CATEGORY_NAMES

MIN_PEOPLE = 5


@dataclass(slots=True)
class Row:
    """One group: its label, turns (or tickets) and distinct people (None: fewer than 5)."""

    label: str
    count: int | None
    people: int | None


@dataclass(slots=True)
class ArticleRow:
    """An article's ratings and flags."""

    article_id: str
    up: int | None
    down: int | None
    flags: int
    flag_kinds: list[tuple[str, int]]


@dataclass(slots=True)
class Waits:
    """Minutes from ticket to claim, for tickets claimed in the window."""

    claimed: int = 0
    median: float | None = None
    p90: float | None = None
    target: int = 60
    waiting_now: int = 0


@dataclass(slots=True)
class Report:
    """Everything the page shows."""

    since: date
    until: date
    turns: int = 0
    people: int | None = None
    by_day: list[Row] = field(default_factory=list)
    by_topic: list[Row] = field(default_factory=list)
    by_channel: list[Row] = field(default_factory=list)
    by_province: list[Row] = field(default_factory=list)
    clarify_rate: float | None = None
    fallback_rate: float | None = None
    articles: list[ArticleRow] = field(default_factory=list)
    waits: Waits = field(default_factory=Waits)
    outcomes: list[Row] = field(default_factory=list)
    dangers: list[Row] = field(default_factory=list)
    gaps: list[tuple[str, int]] = field(default_factory=list)  # (example, people); never exported


def suppress(count: int, people: int) -> tuple[int | None, int | None]:
    """Counts of a group of fewer than MIN_PEOPLE people are not shown."""
    return (count, people) if people >= MIN_PEOPLE else (None, None)


def percentile(values: list[float], share: float) -> float | None:
    """The `share` percentile (nearest rank), None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.4999)))
    return ordered[rank - 1]


async def _grouped(session: AsyncSession, column: object, start: datetime) -> list[Row]:
    rows = await session.execute(
        select(column, func.count(), func.count(func.distinct(TurnStat.person)))  # type: ignore[call-overload]
        .where(TurnStat.at >= start)
        .group_by(column)
        .order_by(func.count().desc())
    )
    out = []
    for label, count, people in rows:
        shown, who = suppress(int(count), int(people))
        out.append(Row(str(label) if label else "-", shown, who))
    return out


async def _by_local_day(
    session: AsyncSession, start: datetime, first: date, last: date, tz: tzinfo
) -> list[Row]:
    """Turns per day of the operator's calendar (RUMBO_TIMEZONE), not of UTC: a turn at
    21:00 in Quito is that day's, though UTC has moved on. Every day of the window, empty
    ones too."""
    turns: Counter[date] = Counter()
    people: defaultdict[date, set[str]] = defaultdict(set)
    for at, person in await session.execute(
        select(TurnStat.at, TurnStat.person).where(TurnStat.at >= start)
    ):
        day = at.astimezone(tz).date()
        turns[day] += 1
        people[day].add(person)
    out = []
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        shown, who = suppress(turns[day], len(people[day])) if turns[day] else (0, 0)
        out.append(Row(day.isoformat(), shown, who))
    return out


async def _articles(session: AsyncSession, since: datetime) -> list[ArticleRow]:
    ratings = await session.execute(
        select(Rating.article_id, Rating.value, Rating.person).where(Rating.at >= since)
    )
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    raters: defaultdict[str, set[str]] = defaultdict(set)
    for article, value, person in ratings:
        (up if value > 0 else down)[article] += 1
        raters[article].add(person)
    flags = await session.execute(
        select(Flag.article_id, Flag.kind).where(Flag.at >= since, Flag.article_id.is_not(None))
    )
    flag_count: Counter[str] = Counter()
    kinds: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for flagged, kind in flags:
        flag_count[str(flagged)] += 1
        kinds[str(flagged)][kind] += 1
    out = []
    for article in set(up) | set(down) | set(flag_count):
        enough = len(raters[article]) >= MIN_PEOPLE
        out.append(
            ArticleRow(
                article,
                up[article] if enough else None,
                down[article] if enough else None,
                flag_count[article],
                sorted(kinds[article].items()),
            )
        )
    out.sort(key=lambda r: (-(r.down or 0) - r.flags, r.article_id))
    return out[:15]


async def _waits(session: AsyncSession, since: datetime, target: int) -> Waits:
    rows = await session.execute(
        select(Ticket.created_at, Ticket.claimed_at).where(
            Ticket.claimed_at.is_not(None), Ticket.claimed_at >= since
        )
    )
    minutes = [
        (claimed - created).total_seconds() / 60 for created, claimed in rows if claimed is not None
    ]
    waiting = await session.scalar(
        select(func.count()).select_from(Ticket).where(Ticket.status == "queued")
    )
    return Waits(
        claimed=len(minutes),
        median=statistics.median(minutes) if minutes else None,
        p90=percentile(minutes, 0.9),
        target=target,
        waiting_now=int(waiting or 0),
    )


async def _tickets_by(session: AsyncSession, since: datetime, *, outcomes: bool) -> list[Row]:
    from bot.storage.models import Conversation

    column = Ticket.outcome if outcomes else Ticket.topic
    statement = (
        select(column, func.count(), func.count(func.distinct(Conversation.contact_id)))
        .join(Conversation, Conversation.id == Ticket.conversation_id)
        .where(Ticket.created_at >= since)
        .group_by(column)
        .order_by(func.count().desc())
    )
    if outcomes:
        statement = statement.where(Ticket.status == "closed")
    else:
        statement = statement.where(
            Ticket.priority == "urgent", Ticket.topic.in_(sorted(CATEGORY_NAMES))
        )
    rows = await session.execute(statement)
    out = []
    for label, count, people in rows:
        shown, who = suppress(int(count), int(people))
        out.append(Row(str(label or "-"), shown, who))
    return out


async def _gaps(session: AsyncSession, since: datetime) -> list[tuple[str, int]]:
    rows = await session.execute(
        select(Unanswered.text, Unanswered.person).where(Unanswered.at >= since)
    )
    groups = group_questions(list(rows))
    return [(g.example, g.people) for g in groups if g.people >= MIN_PEOPLE]


async def build(
    session: AsyncSession,
    *,
    days: int = 30,
    wait_target: int = 60,
    now: datetime | None = None,
    tz: tzinfo = UTC,
) -> Report:
    """The report of the last `days` days, and today, in the time zone `tz` (the console's
    RUMBO_TIMEZONE): the window starts at local midnight and the days are local days."""
    now = now or utcnow()
    until = now.astimezone(tz).date()
    since = until - timedelta(days=days)
    start = datetime.combine(since, time(), tzinfo=tz).astimezone(UTC)
    report = Report(since=since, until=until)
    totals = await session.execute(
        select(
            func.count(),
            func.count(func.distinct(TurnStat.person)),
            func.sum(case((TurnStat.clarify.is_(True), 1), else_=0)),
            func.sum(case((TurnStat.fallback.is_(True), 1), else_=0)),
        ).where(TurnStat.at >= start)
    )
    turns, people, clarify, fallback = totals.one()
    report.turns = int(turns or 0)
    report.people = int(people) if people and people >= MIN_PEOPLE else None
    if report.turns:
        report.clarify_rate = int(clarify or 0) / report.turns
        report.fallback_rate = int(fallback or 0) / report.turns
    report.by_day = await _by_local_day(session, start, since, until, tz)
    report.by_topic = await _grouped(session, TurnStat.topic, start)
    report.by_channel = await _grouped(session, TurnStat.channel, start)
    report.by_province = await _grouped(session, TurnStat.province, start)
    report.articles = await _articles(session, start)
    report.waits = await _waits(session, start, wait_target)
    report.outcomes = await _tickets_by(session, start, outcomes=True)
    report.dangers = await _tickets_by(session, start, outcomes=False)
    report.gaps = await _gaps(session, start)
    return report


def csv_rows(report: Report) -> list[list[str]]:
    """The aggregates as CSV rows (section, group, turns or tickets, people). No content gaps,
    no personal data; groups of fewer than 5 people are left out."""
    rows = [["section", "group", "count", "people"]]

    def add(section: str, items: list[Row]) -> None:
        for item in items:
            if item.people is not None and item.count is not None and item.people >= MIN_PEOPLE:
                rows.append([section, item.label, str(item.count), str(item.people)])

    add("day", report.by_day)
    add("topic", report.by_topic)
    add("channel", report.by_channel)
    add("province", report.by_province)
    add("outcome", report.outcomes)
    add("danger", report.dangers)
    for article in report.articles:
        if article.up is not None and article.down is not None:
            rows.append(["rating_up", article.article_id, str(article.up), ""])
            rows.append(["rating_down", article.article_id, str(article.down), ""])
        rows.append(["flags", article.article_id, str(article.flags), ""])
    for name, rate in (
        ("clarify_rate", report.clarify_rate),
        ("fallback_rate", report.fallback_rate),
    ):
        if rate is not None and report.people is not None:
            rows.append(["rate", name, f"{rate:.4f}", ""])
    waits = report.waits
    for name, value in (("median_minutes", waits.median), ("p90_minutes", waits.p90)):
        if value is not None and waits.claimed >= MIN_PEOPLE:
            rows.append(["wait", name, f"{value:.1f}", ""])
    rows.append(["wait", "target_minutes", str(waits.target), ""])
    return rows
