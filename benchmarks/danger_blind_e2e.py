"""Danger detection end to end on a blind set: every message is the first message of a new
conversation, run through the whole engine (understanding, router, safety flow) as `rumbo ask`
would, and scored on what the person would get: `urgent` (emergency information sent) and the
`danger` category that acted.

    .venv/bin/python benchmarks/danger_blind_e2e.py [--data FILE] [--misses]

The set's format: `danger: {category: [text, ...]}`, `multi: [{text, categories}]` (right when the
acting category is one of them), `safe: {group: [text, ...]}`. Measure with it, never tune on it:
record each run in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._settings import bench_settings  # noqa: E402
from bot.messages import InboundMessage  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.storage.migrate import upgrade_async  # noqa: E402


async def verdicts(texts: list[str]) -> dict[str, tuple[bool, str | None]]:
    """(urgent, danger category) per message, each as the first message of its own conversation."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = bench_settings(Path(tmp), f"sqlite+aiosqlite:///{tmp}/blind.db")
        await upgrade_async(settings.database_url)
        runtime = build_runtime(settings)
        out: dict[str, tuple[bool, str | None]] = {}
        try:
            for number, text in enumerate(texts):
                inbound = InboundMessage(channel="web", user=f"blind:{number}", text=text)
                result = await runtime.engine.handle(inbound, inline=True)
                out[text] = (bool(result.urgent), result.danger)
        finally:
            await runtime.close()
    return out


def main() -> None:
    """Print recall and category accuracy per category, and false alarms per safe group."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "tests" / "data" / "danger_blind_v2.yml"
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--misses", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()
    data = yaml.safe_load(args.data.read_text(encoding="utf-8"))
    cases: list[tuple[str, set[str]]] = [
        (text, {category}) for category, texts in data["danger"].items() for text in texts
    ]
    cases += [(item["text"], set(item["categories"])) for item in data.get("multi", [])]
    safe = {group: list(texts) for group, texts in data["safe"].items()}
    everything = [text for text, _ in cases] + [t for texts in safe.values() for t in texts]
    got = asyncio.run(verdicts(everything))

    print("| category | messages | caught (recall) | right category, of caught |")
    print("|---|---:|---:|---:|")
    rows: dict[str, list[int]] = {}
    confusions: Counter[tuple[str, str]] = Counter()
    missed: list[tuple[str, str]] = []
    for text, expected in cases:
        label = "multi" if len(expected) > 1 else next(iter(expected))
        row = rows.setdefault(label, [0, 0, 0])
        urgent, category = got[text]
        row[0] += 1
        if urgent:
            row[1] += 1
            if category in expected:
                row[2] += 1
            else:
                confusions[(label, str(category))] += 1
        else:
            missed.append((label, text))
    totals = [0, 0, 0]
    for label, (n, caught, right) in rows.items():
        totals = [totals[0] + n, totals[1] + caught, totals[2] + right]
        share = f"{right / caught:.0%}" if caught else "-"
        print(f"| {label} | {n} | {caught / n:.0%} | {share} |")
    n, caught, right = totals
    print(f"| **all danger** | {n} | {caught / n:.1%} | {right / max(caught, 1):.1%} |")
    alarms: list[tuple[str, str]] = []
    all_safe = 0
    for group, texts in safe.items():
        if not texts:
            continue  # a set may leave a group empty
        flagged = [t for t in texts if got[t][0]]
        alarms += [(group, t) for t in flagged]
        all_safe += len(texts)
        share = len(flagged) / len(texts)
        print(f"| safe: {group} (false alarms) | {len(texts)} | {share:.1%} | |")
    print(f"| **all safe (false alarms)** | {all_safe} | {len(alarms) / all_safe:.1%} | |")
    if args.misses:
        print("\nmissed:")
        for label, text in missed:
            print(f"  [{label}] {text}")
        print("\nwrong category (expected -> acted):")
        for (label, acted), count in confusions.most_common():
            print(f"  {label} -> {acted}: {count}")
        print("\nfalse alarms:")
        for group, text in alarms:
            print(f"  [{group}] ({got[text][1]}) {text}")


if __name__ == "__main__":
    main()
