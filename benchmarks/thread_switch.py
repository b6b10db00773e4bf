"""A new question after an answer: is it answered as new, or kept in the last answer's thread?

Each first message of a topic set is played as the second turn of a conversation whose first
turn is another message of the set, from another topic (the next such message in the file), so
the thread is alive when the new question arrives. Scores, on the second turns:

- own topic: answered from an article of the message's own topic (as `topics_blind.py` scores);
- kept in the thread: answered from the first turn's article instead.

    .venv/bin/python benchmarks/thread_switch.py --data tests/data/topics_dev6.yml [--failures]

The follow-up reading (bot/engine/reading.py, bot/flows/conversation_thread.py) trades these
against the follow-ups of `benchmarks/followups_dev.py`: a thread that holds too much keeps a new
question in it. Run both after a change to either.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.followups_dev import play  # noqa: E402


def pairs(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each message after the next message of another topic; messages with `also` (two
    problems) and without an article are left out."""
    usable = [m for m in messages if m.get("article") and not m.get("also")]
    found = []
    for index, message in enumerate(usable):
        before = next(
            (
                usable[(index + step) % len(usable)]
                for step in range(1, len(usable))
                if usable[(index + step) % len(usable)]["topic"] != message["topic"]
            ),
            None,
        )
        if before is not None:
            found.append(
                {
                    "turns": [before["text"], message["text"]],
                    "channel": message.get("channel") or "telegram",
                    "first": before["article"],
                    "article": message["article"],
                    "topic": message["topic"],
                }
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bot.knowledge.loader import load_valid_knowledge_base

    kb = load_valid_knowledge_base(ROOT / "knowledge_base")
    items = pairs(yaml.safe_load(args.data.read_text(encoding="utf-8"))["messages"])
    lasts, _ = asyncio.run(play(items))
    own = kept = 0
    for item, result in zip(items, lasts, strict=True):
        got = result.article_ids or []
        topics = {kb.topic_of(a) for a in got}
        right = item["topic"] in topics or (item["topic"] == "safety" and result.urgent)
        stuck = item["first"] in got and not right
        own += right
        kept += stuck
        if args.failures and stuck:
            print(f"- kept in {item['first']} (want {item['article']}): {item['turns'][1][:150]}")
    total = len(items)
    print(f"second turns: {total}")
    print(f"own topic: {own}/{total} ({own / total:.1%})")
    print(f"kept in the thread: {kept}/{total} ({kept / total:.1%})")


if __name__ == "__main__":
    main()
