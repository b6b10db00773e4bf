"""Segments per SMS answer over every article: folded to GSM-7 (what Rumbo sends) against keeping
the accents (á, í, ó, ú force UCS-2: 70 characters per SMS instead of 160).

    .venv/bin/python benchmarks/sms_segments.py [--as-sent] [--first-contact [--today DATE]]

The answer is the article's `sms` text with its footer, as `bot.knowledge.compose.sms_text`
builds it; the "accents kept" variant is the same text without transliteration. With --as-sent
it also runs every article through the engine on the SMS channel (a returning person picks the
article) and counts what would really be sent: the answer with any handoff offer and numbered
choices the flow adds, as SMS messages and segments.

With --first-contact it runs, for both route profiles (`gsm7`, `ascii1`), every article as the
first message of a new person over SMS (the offer of a person and the privacy line included)
and counts the SMS billed for that first answer (segments: one per SMS on ascii1), then sends
MAS until the answer ends and counts its pages, checking that every page is one SMS on the
profile. Targets: a first answer in at most 2 SMS on gsm7, at most 3 on ascii1. `--today`
(default: today) moves the clock, e.g. past review_by to include the "may be outdated" note.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import gsm7  # noqa: E402
from bot.knowledge.compose import _DISCLAIMER_SHORT, sms_footer, sms_text  # noqa: E402
from bot.knowledge.loader import load_knowledge_base  # noqa: E402
from bot.knowledge.models import Article  # noqa: E402


def with_accents(article: Article, sent: str, today: date) -> str:
    """The SMS Rumbo would send if it kept every accent (same parts, no folding)."""
    parts = [article.sms.strip()]
    if article.expired(today):
        parts.append(
            "Puede estar desactualizado." if article.lang == "es" else "May be out of date."
        )
    parts.append(sms_footer(article))
    text = " ".join(parts)
    if sent.endswith(gsm7.transliterate(_DISCLAIMER_SHORT[article.lang])):
        text = f"{text} {_DISCLAIMER_SHORT[article.lang]}"
    return text


async def as_sent() -> None:
    """Every article through the engine over SMS: segments of what is really sent."""
    from benchmarks._settings import bench_settings
    from bot.messages import InboundMessage
    from bot.runtime import build_runtime
    from bot.storage.migrate import upgrade_async

    with tempfile.TemporaryDirectory(prefix="rumbo-sms-") as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/sms.db"
        await upgrade_async(url)
        settings = bench_settings(Path(tmp), url, run_workers=False)
        runtime = build_runtime(settings)
        segments: dict[str, list[int]] = {}
        messages: dict[str, Counter[int]] = {}
        try:
            articles = sorted(runtime.kb.articles.values(), key=lambda a: (a.lang, a.id))
            for n, article in enumerate(articles):
                user = f"+59399{n:07d}"
                hello = "hola" if article.lang == "es" else "hello there"
                await runtime.engine.handle(
                    InboundMessage(channel="sms", user=user, text=hello), inline=True
                )
                picked = InboundMessage(
                    channel="sms",
                    user=user,
                    text="",
                    kind="choice",
                    choice_id=f"article:{article.id}",
                )
                result = await runtime.engine.handle(picked, inline=True)
                counts = [gsm7.segment_count(r.text) for r in result.rendered]
                for key in (article.lang, "all"):
                    segments.setdefault(key, []).append(sum(counts))
                    messages.setdefault(key, Counter())[len(counts)] += 1
        finally:
            await runtime.close()
    print("\nAs sent (the article picked by a returning person, offer and choices included):\n")
    print("| articles | n | one segment | two segments | more | median segments | SMS per answer |")
    print("|---|---|---|---|---|---|---|")
    for key, values in segments.items():
        one, two = values.count(1), values.count(2)
        per = ", ".join(f"{k}: {v}" for k, v in sorted(messages[key].items()))
        print(
            f"| {key} | {len(values)} | {one} | {two} | {len(values) - one - two} "
            f"| {statistics.median(values):g} | {per} |"
        )


TARGETS = {"gsm7": 2, "ascii1": 3}


async def first_contact(today: date) -> None:
    """Every article as a first contact on both profiles: SMS per first answer, pages per answer."""
    from datetime import UTC, datetime

    from benchmarks._settings import bench_settings
    from bot.channels.sms.profile import profile as sms_profile
    from bot.messages import InboundMessage
    from bot.runtime import build_runtime
    from bot.storage.migrate import upgrade_async

    moment = datetime(today.year, today.month, today.day, 15, 0, tzinfo=UTC)
    print(f"\nFirst contact (clock {today.isoformat()}), every article, both profiles:\n")
    print(
        "| profile | answers | SMS per first answer: median | max | over target "
        "| pages per full answer: median | max | pages over budget |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, target in TARGETS.items():
        profile = sms_profile(name)
        with tempfile.TemporaryDirectory(prefix="rumbo-sms-") as tmp:
            url = f"sqlite+aiosqlite:///{tmp}/sms.db"
            await upgrade_async(url)
            settings = bench_settings(Path(tmp), url, run_workers=False, sms_profile=name)
            runtime = build_runtime(settings)
            runtime.engine.clock = lambda: moment
            billed: list[int] = []
            pages: list[int] = []
            over_budget = 0
            try:
                articles = sorted(runtime.kb.articles.values(), key=lambda a: (a.lang, a.id))
                for n, article in enumerate(articles):
                    user = f"+59398{n:07d}"
                    first = InboundMessage(
                        channel="sms",
                        user=user,
                        kind="choice",
                        choice_id=f"article:{article.id}",
                        lang_hint=article.lang,
                    )
                    result = await runtime.engine.handle(first, inline=True, lang=article.lang)
                    billed.append(sum(profile.segments(r.text) for r in result.rendered))
                    over_budget += sum(not profile.fits(r.text) for r in result.rendered)
                    count = 1
                    while count < 40:
                        more = InboundMessage(channel="sms", user=user, text="MAS")
                        [page] = (await runtime.engine.handle(more, inline=True)).rendered
                        over_budget += not profile.fits(page.text)
                        if not page.text.startswith(f"{count + 1}/"):
                            break
                        count += 1
                    pages.append(count)
            finally:
                await runtime.close()
        over = sum(1 for value in billed if value > target)
        print(
            f"| {name} | {len(billed)} | {statistics.median(billed):g} | {max(billed)} "
            f"| {over} (target <= {target}) | {statistics.median(pages):g} | {max(pages)} "
            f"| {over_budget} |"
        )


def main() -> None:
    """Print the medians per language and overall, as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-sent", action="store_true", help="also run through the engine")
    parser.add_argument(
        "--first-contact", action="store_true", help="first answers and pages, both profiles"
    )
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="clock date")
    args = parser.parse_args()
    if args.first_contact:
        asyncio.run(first_contact(args.today or date.today()))
        return
    report = load_knowledge_base(ROOT / "knowledge_base")
    today = date.today()
    rows: dict[str, tuple[list[int], list[int], int]] = {}
    for article in sorted(report.kb.articles.values(), key=lambda a: (a.lang, a.id)):
        sent = sms_text(article, today=today)
        kept = with_accents(article, sent, today)
        for key in (article.lang, "all"):
            gsm, ucs, switched = rows.setdefault(key, ([], [], 0))
            gsm.append(gsm7.segment_count(sent))
            ucs.append(gsm7.segment_count(kept))
            rows[key] = (gsm, ucs, switched + (gsm7.encoding_of(kept) == "UCS-2"))
    print(
        "| articles | n | median GSM-7 (folded) | median accents kept | mean GSM-7 | mean kept "
        "| kept would be UCS-2 | max GSM-7 | max kept |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for key, (gsm, ucs, switched) in rows.items():
        print(
            f"| {key} | {len(gsm)} | {statistics.median(gsm):g} | {statistics.median(ucs):g} "
            f"| {statistics.mean(gsm):.2f} | {statistics.mean(ucs):.2f} | {switched}/{len(gsm)} "
            f"| {max(gsm)} | {max(ucs)} |"
        )
    if args.as_sent:
        asyncio.run(as_sent())


if __name__ == "__main__":
    main()
