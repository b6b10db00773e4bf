"""Segments per SMS answer over every article: folded to GSM-7 (what Rumbo sends) against keeping
the accents (á, í, ó, ú force UCS-2: 70 characters per SMS instead of 160).

    .venv/bin/python benchmarks/sms_segments.py

The answer is the article's `sms` text with its footer, as `bot.knowledge.compose.sms_text`
builds it; the "accents kept" variant is the same text without transliteration.
"""

from __future__ import annotations

import statistics
import sys
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


def main() -> None:
    """Print the medians per language and overall, as a Markdown table."""
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


if __name__ == "__main__":
    main()
