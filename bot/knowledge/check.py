"""`rumbo kb check`: errors fail, warnings inform; `--sms` shows each SMS as it will be sent."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from bot import gsm7
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
            text = sms_text(article)
            out.print(
                f"[bold]{article.id}[/bold] [{lang}] {gsm7.encoding_of(text)}, "
                f"{gsm7.segment_count(text)} segment(s), {gsm7.units(text)} chars",
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
    one = sum(1 for a in kb.articles.values() if gsm7.segment_count(sms_text(a)) == 1)
    out.print(
        f"{len(ids)} articles ({len(kb.articles)} files), {len(kb.services)} services; "
        f"{one}/{len(kb.articles)} SMS fit one segment; "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings",
        highlight=False,
    )
    return 1 if report.errors else 0
