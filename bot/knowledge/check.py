"""`rumbo kb check`: errors fail, warnings inform; `--sms` shows each answer's first SMS as it
will be sent on both route profiles (gsm7 and ascii1), with its number of pages.

The SMS pages are built by the SMS channel; the caller (the CLI) passes them in as `sms_preview`,
so the knowledge base does not import the channels that read it (no package cycle).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.console import Console

from bot import gsm7
from bot.config import Settings
from bot.knowledge.compose import sms_text
from bot.knowledge.loader import STALE_SUFFIX, load_knowledge_base
from bot.knowledge.models import Article


@dataclass(frozen=True, slots=True)
class SmsPage:
    """An answer's first SMS on one route profile, and how many pages MAS then sends."""

    profile: str
    text: str
    encoding: str
    segments: int
    units: int
    total: int


# An article's first SMS on each route profile, in the profiles' order.
SmsPreview = Callable[[Article, date | None], list[SmsPage]]


def run_check(
    settings: Settings,
    *,
    show_sms: bool,
    out: Console,
    today: date | None = None,
    sms_preview: SmsPreview | None = None,
) -> int:
    """Print the findings; return the exit code (1 on any error). `show_sms` needs
    `sms_preview`."""
    if show_sms and sms_preview is None:
        raise ValueError("show_sms needs an sms_preview")
    report = load_knowledge_base(settings.kb_dir, today=today)
    kb = report.kb
    previews: dict[tuple[str, str], list[SmsPage]] = {}
    if show_sms and sms_preview is not None:
        previews = {key: sms_preview(article, today) for key, article in kb.articles.items()}
        for (article_id, lang), pages in sorted(previews.items()):
            for page in pages:
                out.print(
                    f"[bold]{article_id}[/bold] \\[{lang}] {page.profile}: "
                    f"{page.encoding}, {page.segments} segment(s), "
                    f"{page.units} chars; {page.total} page(s) with MAS",
                    highlight=False,
                )
                out.print(f"  {page.text}", markup=False, highlight=False)
    for problem in report.warnings:
        out.print(f"[yellow]{problem}[/yellow]", markup=True, highlight=False)
    for problem in report.errors:
        out.print(f"[red]{problem}[/red]", highlight=False)
    stale = sum(1 for p in report.warnings if p.message.endswith(STALE_SUFFIX))
    out.print(
        f"{stale} of {len(kb.services)} services verified over 12 months ago (or never)",
        highlight=False,
    )
    ids = kb.ids()
    if previews:
        names = [page.profile for page in next(iter(previews.values()))]
        for name in names:
            counts = [p.total for pages in previews.values() for p in pages if p.profile == name]
            if counts:
                out.print(
                    f"SMS profile {name}: pages per full answer median "
                    f"{statistics.median(counts):g}, max {max(counts)}",
                    highlight=False,
                )
    one = sum(1 for a in kb.articles.values() if gsm7.segment_count(sms_text(a)) == 1)
    out.print(
        f"{len(ids)} articles ({len(kb.articles)} files), {len(kb.services)} services; "
        f"{one}/{len(kb.articles)} SMS fit one segment; "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings",
        highlight=False,
    )
    return 1 if report.errors else 0
