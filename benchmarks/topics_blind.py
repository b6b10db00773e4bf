"""Topic accuracy end to end on the blind topic sets: every first message opens its own
conversation and goes through the whole engine as `rumbo ask` would; a follow-up conversation is
played turn by turn and scored on its last turn.

    .venv/bin/python benchmarks/topics_blind.py [--data FILE ...] [--backend rasa --rasa-url URL]
        [--json]

Scores: the topic of the answer (`topic` in `rumbo ask --json`; a danger reply counts as
`safety`), the article when the set names one, the clarify and fallback rates, and for
follow-ups whether the last turn answered from the expected article. The sets were written by
helpers who saw neither the model nor its data: measure with them, never tune on them, and
record each run in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
    messages: list[dict[str, Any]], followups: list[dict[str, Any]], **overrides: Any
) -> tuple[list[Any], list[Any]]:
    """The engine's result for each first message, and for each conversation's last turn."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/topics.db"
        await upgrade_async(url)
        runtime = build_runtime(bench_settings(Path(tmp), url, **overrides))
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


def score(
    messages: list[dict[str, Any]],
    followups: list[dict[str, Any]],
    firsts: list[Any],
    lasts: list[Any],
) -> dict[str, Any]:
    """The figures of one run, as plain numbers."""
    pairs = list(zip(firsts, messages, strict=True))
    named = [(r, m) for r, m in pairs if m.get("article")]
    by_topic: dict[str, list[int]] = {}
    for r, m in pairs:
        row = by_topic.setdefault(m["topic"], [0, 0])
        row[0] += 1
        row[1] += topic_of(r) == m["topic"]
    n = len(messages)
    per = max(n, 1)  # a file of follow-up conversations only has no first messages
    return {
        "messages": n,
        "topic_right": sum(topic_of(r) == m["topic"] for r, m in pairs),
        "topic_accuracy": sum(topic_of(r) == m["topic"] for r, m in pairs) / per,
        "article_accuracy": (
            sum(m["article"] in (r.article_ids or []) for r, m in named) / len(named)
            if named
            else None
        ),
        "fallback_rate": sum(bool(r.fallback) for r in firsts) / per,
        "clarify_rate": sum(bool(r.clarify) for r in firsts) / per,
        "followups": len(followups),
        "followup_accuracy": (
            sum(
                f["article"] in (r.article_ids or []) for r, f in zip(lasts, followups, strict=True)
            )
            / len(followups)
            if followups
            else None
        ),
        "by_topic": {t: {"messages": c, "right": ok} for t, (c, ok) in sorted(by_topic.items())},
    }


def load(paths: list[Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The first messages and the follow-up conversations of the given sets."""
    messages: list[dict[str, Any]] = []
    followups: list[dict[str, Any]] = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        messages += data.get("messages", [])
        followups += data.get("followups", [])
    return messages, followups


def main() -> None:
    """Print the figures as a Markdown table (or JSON, for nlu_vs_rasa.py)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="+", default=DEFAULT)
    parser.add_argument("--backend", choices=["embedded", "rasa"], default="embedded")
    parser.add_argument("--rasa-url", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--misses", action="store_true", help="list what went wrong (development sets only)"
    )
    args = parser.parse_args()
    messages, followups = load(args.data)
    overrides: dict[str, Any] = {"nlu_backend": args.backend}
    if args.rasa_url:
        overrides |= {"rasa_url": args.rasa_url, "rasa_timeout": 30.0}
    firsts, lasts = asyncio.run(run(messages, followups, **overrides))
    figures = score(messages, followups, firsts, lasts)
    if args.json:
        print(json.dumps(figures))
        return
    n = figures["messages"]
    print("| measure | value |")
    print("|---|---:|")
    print(f"| backend | {args.backend} |")
    print(f"| first messages | {n} |")
    print(f"| topic accuracy | {figures['topic_accuracy']:.1%} ({figures['topic_right']}/{n}) |")
    if figures["article_accuracy"] is not None:
        print(f"| article accuracy (where the set names one) | {figures['article_accuracy']:.1%} |")
    print(f"| fallback rate | {figures['fallback_rate']:.1%} |")
    print(f"| clarify rate | {figures['clarify_rate']:.1%} |")
    if followups:
        print(
            "| follow-ups answered from the expected article | "
            f"{figures['followup_accuracy']:.1%} |"
        )
    print("\n| topic | messages | right |")
    print("|---|---:|---:|")
    for topic, row in figures["by_topic"].items():
        print(f"| {topic} | {row['messages']} | {row['right'] / row['messages']:.0%} |")
    if args.misses:
        print_misses(messages, followups, firsts, lasts)


def print_misses(
    messages: list[dict[str, Any]],
    followups: list[dict[str, Any]],
    firsts: list[Any],
    lasts: list[Any],
) -> None:
    """Each wrong answer: what was expected, what came. Only ever for a development set: a
    blind set's misses are not read."""
    print("\nfirst messages answered from another article:")
    for result, item in zip(firsts, messages, strict=True):
        if item.get("article") in (result.article_ids or []):
            continue
        got = ",".join(result.article_ids or []) or "-"
        flags = "".join(
            f" [{name}]" for name in ("clarify", "fallback", "urgent") if getattr(result, name)
        )
        print(f"  {item['article']} <- {topic_of(result)}:{got}{flags} | {item['text']}")
    print("\nfollow-ups answered from another article:")
    for result, item in zip(lasts, followups, strict=True):
        if item["article"] not in (result.article_ids or []):
            got = ",".join(result.article_ids or []) or "-"
            print(f"  {item['article']}/{item.get('facet')} <- {got} | {' / '.join(item['turns'])}")


if __name__ == "__main__":
    main()
