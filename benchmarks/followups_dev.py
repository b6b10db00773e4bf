"""Follow-ups on the development set: each conversation is played turn by turn through the whole
engine, on its own channel, and scored on its last turn.

    .venv/bin/python benchmarks/followups_dev.py [--data FILE] [--failures] [--json]

A conversation is `{turns: [...], article: <id>, facet: cost|where|documents|time|null,
channel: sms|telegram, lang: es|en}`, with an optional `hours` (how long the person waited
before the last turn: SMS users answer hours later). Scores:

- in context: the last turn answered from the expected article (`article_ids`), as
  `benchmarks/topics_blind.py` scores follow-ups;
- facet: where the set names a facet, the reply gives that facet of the article, or says
  honestly that the article does not know it (when the article has no such facet).

`tests/data/followups_dev.yml` is a DEVELOPMENT set: tune the follow-up reading on it, and
measure on the held-back sets only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._settings import bench_settings  # noqa: E402
from bot.knowledge.loader import load_valid_knowledge_base  # noqa: E402
from bot.knowledge.models import KnowledgeBase  # noqa: E402
from bot.messages import InboundMessage  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.storage.migrate import upgrade_async  # noqa: E402
from bot.storage.models import utcnow  # noqa: E402
from bot.understanding.normalize import normalize  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "followups_dev.yml"
CHANNELS = {"sms": "sms", "telegram": "telegram", "web": "web", "whatsapp": "whatsapp"}


class Clock:
    """The engine's clock, moved forward when a conversation waits before its last turn."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return utcnow() + self.offset


async def play(conversations: list[dict[str, Any]]) -> tuple[list[Any], list[list[str]]]:
    """The engine's result for each conversation's last turn, and what each turn answered."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/followups.db"
        await upgrade_async(url)
        runtime = build_runtime(bench_settings(Path(tmp), url))
        clock = Clock()
        runtime.engine.clock = clock
        lasts, paths = [], []
        try:
            for number, item in enumerate(conversations):
                channel = CHANNELS[item.get("channel") or "telegram"]
                user = f"+5939900{number:05d}" if channel == "sms" else f"f:{number}"
                result, path = None, []
                for index, text in enumerate(item["turns"]):
                    if index == len(item["turns"]) - 1:
                        clock.offset += timedelta(hours=float(item.get("hours") or 0))
                    inbound = InboundMessage(channel=channel, user=user, text=str(text))
                    result = await runtime.engine.handle(inbound, inline=True)
                    path.append(",".join(result.article_ids) or result.intent or "-")
                lasts.append(result)
                paths.append(path)
        finally:
            await runtime.close()
    return lasts, paths


def facet_right(kb: KnowledgeBase, item: dict[str, Any], result: Any) -> bool | None:
    """Whether the last reply gives the asked facet (or honestly says it is not known)."""
    facet = item.get("facet")
    if not facet:
        return None
    article = kb.article(item["article"], result.lang)
    if article is None or item["article"] not in (result.article_ids or []):
        return False
    # SMS replies are transliterated and cut: compare folded text, on the facet's first words
    text = normalize(" ".join(r.text for r in result.replies))
    if facet in article.facets:
        return normalize(article.facets[facet])[:30] in text
    # the honest "the answer does not say how much it costs" (followup_unknown)
    return " no dice " in f" {text} " or " does not say " in f" {text} "


def score(
    kb: KnowledgeBase, items: list[dict[str, Any]], lasts: list[Any], paths: list[list[str]]
) -> dict[str, Any]:
    """The figures of one run."""
    rows = []
    for item, result, path in zip(items, lasts, paths, strict=True):
        rows.append(
            {
                "turns": item["turns"],
                "article": item["article"],
                "facet": item.get("facet"),
                "got": result.article_ids,
                "path": path,
                "in_context": item["article"] in (result.article_ids or []),
                "facet_right": facet_right(kb, item, result),
                "reply": " / ".join(r.text for r in result.replies)[:160],
            }
        )
    faceted = [r for r in rows if r["facet_right"] is not None]
    return {
        "conversations": len(rows),
        "in_context": sum(r["in_context"] for r in rows),
        "in_context_rate": sum(r["in_context"] for r in rows) / len(rows),
        "facets": len(faceted),
        "facet_right": sum(bool(r["facet_right"]) for r in faceted),
        "rows": rows,
    }


def main() -> None:
    """Print the figures (and, with --failures, each conversation that went wrong)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    items = yaml.safe_load(args.data.read_text(encoding="utf-8"))["followups"]
    lasts, paths = asyncio.run(play(items))
    kb = load_valid_knowledge_base(ROOT / "knowledge_base")
    figures = score(kb, items, lasts, paths)
    if args.json:
        print(json.dumps({k: v for k, v in figures.items() if k != "rows"}))
        return
    n = figures["conversations"]
    print(f"in context: {figures['in_context']}/{n} ({figures['in_context_rate']:.1%})")
    print(f"facet right: {figures['facet_right']}/{figures['facets']}")
    if args.failures:
        for row in figures["rows"]:
            if not row["in_context"] or row["facet_right"] is False:
                print(f"- {row['turns']} want {row['article']}/{row['facet']}")
                print(f"    turns answered: {' | '.join(row['path'])}")
                print(f"    {row['reply']}")


if __name__ == "__main__":
    main()
