"""`rumbo kb check`: errors fail, warnings inform; `--sms` shows each answer's first SMS as it
will be sent on both route profiles (gsm7 and ascii1), with its number of pages."""

from __future__ import annotations

import statistics
from datetime import date

from rich.console import Console

from bot import gsm7
from bot.channels.sms import pages
from bot.channels.sms.profile import PROFILES
from bot.config import Settings
from bot.knowledge.compose import sms_text
from bot.knowledge.loader import STALE_SUFFIX, load_knowledge_base


def run_check(
    settings: Settings, *, show_sms: bool, out: Console, today: date | None = None
) -> int:
    """Print the findings; return the exit code (1 on any error)."""
    report = load_knowledge_base(settings.kb_dir, today=today)
    kb = report.kb
    if show_sms:
        for (_, lang), article in sorted(kb.articles.items()):
            for profile in PROFILES.values():
                built = pages.build(article, profile, today=today)
                text = built.first
                out.print(
                    f"[bold]{article.id}[/bold] \\[{lang}] {profile.name}: "
                    f"{profile.encoding(text)}, {profile.segments(text)} segment(s), "
                    f"{profile.units(text)} chars; {built.total} page(s) with MAS",
                    highlight=False,
                )
                out.print(f"  {text}", markup=False, highlight=False)
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
    if show_sms:
        for profile in PROFILES.values():
            counts = [pages.build(a, profile, today=today).total for a in kb.articles.values()]
            if counts:
                out.print(
                    f"SMS profile {profile.name}: pages per full answer median "
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
