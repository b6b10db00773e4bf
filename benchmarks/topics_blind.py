"""Topic accuracy end to end on the blind topic sets: every first message opens its own
conversation and goes through the whole engine as `rumbo ask` would; a follow-up conversation is
played turn by turn and scored on its last turn.

    .venv/bin/python benchmarks/topics_blind.py [--data FILE ...]

Scores: the topic of the answer (`topic` in `rumbo ask --json`; a danger reply counts as
`safety`), the article when the set names one, the clarify and fallback rates, and for
follow-ups whether the last turn answered from the expected article. The sets were written by
helpers who saw neither the model nor its data: measure with them, never tune on them, and
record each run in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._settings import bench_settings  # noqa: E402
from bot.messages import InboundMessage  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.storage.migrate import upgrade_async  # noqa: E402

DEFAULT = [
    ROOT / "tests" / "data" / "topics_blind_a.yml",
    ROOT / "tests" / "data" / "topics_blind_b.yml",
]


def topic_of(result: Any) -> str | None:
    """What the person got: a danger reply is safety help, else the answer's topic."""
    return "safety" if result.urgent else result.topic


async def run(
    messages: list[dict[str, Any]], followups: list[dict[str, Any]]
) -> tuple[list[Any], list[Any]]:
    """The engine's result for each first message, and for each conversation's last turn."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/topics.db"
        await upgrade_async(url)
        runtime = build_runtime(bench_settings(Path(tmp), url))
        firsts, lasts = [], []
        try:
            for number, item in enumerate(messages):
                inbound = InboundMessage(channel="web", user=f"t:{number}", text=item["text"])
                firsts.append(await runtime.engine.handle(inbound, inline=True))
            for number, item in enumerate(followups):
                result = None
                for turn in item["turns"]:
                    inbound = InboundMessage(channel="web", user=f"f:{number}", text=turn)
                    result = await runtime.engine.handle(inbound, inline=True)
                lasts.append(result)
        finally:
            await runtime.close()
    return firsts, lasts


def main() -> None:
    """Print the figures as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="+", default=DEFAULT)
    args = parser.parse_args()
    messages: list[dict[str, Any]] = []
    followups: list[dict[str, Any]] = []
    for path in args.data:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        messages += data.get("messages", [])
        followups += data.get("followups", [])
    firsts, lasts = asyncio.run(run(messages, followups))
    right = sum(topic_of(r) == m["topic"] for r, m in zip(firsts, messages, strict=True))
    named = [(r, m) for r, m in zip(firsts, messages, strict=True) if m.get("article")]
    article_right = sum(m["article"] in (r.article_ids or []) for r, m in named)
    fallbacks = sum(bool(r.fallback) for r in firsts)
    followed = sum(
        f["article"] in (r.article_ids or []) for r, f in zip(lasts, followups, strict=True)
    )
    n = len(messages)
    print("| measure | value |")
    print("|---|---:|")
    print(f"| first messages | {n} |")
    print(f"| topic accuracy | {right / n:.1%} ({right}/{n}) |")
    print(f"| article accuracy (where the set names one) | {article_right / len(named):.1%} |")
    print(f"| fallback rate | {fallbacks / n:.1%} |")
    print("| clarify rate | 0.0% (no clarifying questions yet) |")
    if followups:
        print(
            f"| follow-ups answered from the expected article | {followed / len(followups):.1%} |"
        )
    by_topic: dict[str, list[int]] = {}
    for r, m in zip(firsts, messages, strict=True):
        row = by_topic.setdefault(m["topic"], [0, 0])
        row[0] += 1
        row[1] += topic_of(r) == m["topic"]
    print("\n| topic | messages | right |")
    print("|---|---:|---:|")
    for topic, (count, ok) in sorted(by_topic.items()):
        print(f"| {topic} | {count} | {ok / count:.0%} |")


if __name__ == "__main__":
    main()
