"""The supervisors' page "Calidad" and its CSV export (aggregates only, small groups left out)."""

from __future__ import annotations

import csv
import io
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from bot.console.auth import context
from bot.console.deps import SECURITY_HEADERS, Deps, refuse, request_lang
from bot.console.labels import label
from bot.i18n import gettext
from bot.quality import charts, report
from bot.runtime import Runtime

DAY_CHOICES = (7, 30, 90)


def _days(request: Request) -> int | None:
    raw = request.query_params.get("days", "30")
    return int(raw) if raw.isdigit() and int(raw) in DAY_CHOICES else None


def _charts(built: report.Report, lang: str) -> dict[str, Any]:
    def rows(items: list[report.Row], kind: str | None) -> list[tuple[str, int | None]]:
        def name(code: str) -> str:
            if code == "-":
                return gettext(lang, "none")
            return label(lang, kind, code) if kind else code

        return [(name(r.label), r.count) for r in items]

    def province(code: str) -> str:
        from bot.knowledge.places import PROVINCES

        return PROVINCES.get(code, gettext(lang, "not known") if code == "-" else code)

    return {
        "days": charts.columns(
            [(r.label, r.count) for r in built.by_day], title=gettext(lang, "Turns per day")
        ),
        "topics": charts.bars(rows(built.by_topic, "topic"), title=gettext(lang, "By topic")),
        "channels": charts.bars(
            rows(built.by_channel, "channel"), title=gettext(lang, "By channel")
        ),
        "provinces": charts.bars(
            [(province(r.label), r.count) for r in built.by_province],
            title=gettext(lang, "By province"),
        ),
        "waits": charts.wait_gauge(
            built.waits.median,
            built.waits.p90,
            built.waits.target,
            title=gettext(lang, "Ticket waits against the target"),
            labels=(gettext(lang, "median"), gettext(lang, "90th percentile")),
        ),
        "outcomes": charts.bars(rows(built.outcomes, "outcome"), title=gettext(lang, "Outcomes")),
        "dangers": charts.bars(
            rows(built.dangers, "danger"), title=gettext(lang, "Danger categories")
        ),
    }


class QualityPage:
    """GET /console/quality and /console/quality.csv (supervisors, via the guard)."""

    def __init__(self, deps: Deps):
        self.deps = deps

    async def _build(self, request: Request, days: int) -> report.Report:
        runtime: Runtime = request.app.state.runtime
        async with runtime.db.sessions() as session:
            return await report.build(
                session,
                days=days,
                wait_target=runtime.settings.wait_target_minutes,
                tz=ZoneInfo(runtime.settings.timezone),
            )

    async def page(self, request: Request) -> Response:
        """The figures, the charts and the content gaps."""
        days = _days(request)
        if days is None:
            return refuse(400)
        built = await self._build(request, days)
        lang = request_lang(request)
        values = context(
            request,
            report=built,
            charts=_charts(built, lang),
            days=days,
            day_choices=DAY_CHOICES,
            min_people=report.MIN_PEOPLE,
        )
        return self.deps.render(request, "quality.html", values)

    async def export(self, request: Request) -> Response:
        """The aggregates as CSV: no personal data, no content gaps, no group under 5 people."""
        days = _days(request)
        if days is None:
            return refuse(400)
        built = await self._build(request, days)
        buffer = io.StringIO()
        csv.writer(buffer).writerows(report.csv_rows(built))
        headers = dict(SECURITY_HEADERS)
        headers["Content-Disposition"] = f'attachment; filename="rumbo-calidad-{days}d.csv"'
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
