"""Danger detection on the blind set (tests/data/danger_blind.yml): recall per category and false
alarms on the safe messages, for the pattern detector alone and for what the engine acts on
(the detector, the learned danger model trained on nlu/danger.yml, or the NLU confidently
reading the message as the `urgent_help` intent).

The blind set was written by someone who had not seen the detector, its tests or the NLU data.
Run: .venv/bin/python benchmarks/danger_blind.py [--misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.dialogue.policy import (  # noqa: E402
    URGENT_CONFIDENCE,
    URGENT_DANGER_LEAN,
    URGENT_INTENT,
)
from bot.knowledge.loader import load_valid_knowledge_base  # noqa: E402
from bot.understanding.danger import danger_of, detect  # noqa: E402
from bot.understanding.embedded import EmbeddedUnderstanding, train  # noqa: E402
from bot.understanding.training import (  # noqa: E402
    collect_examples,
    danger_examples,
    fingerprint,
    safe_examples,
)


def engine_verdicts(messages: list[str]) -> dict[str, bool]:
    """`urgent` as the engine decides it: the danger detector or the learned danger model
    (`danger_of`), or the NLU confidently reading a plea for urgent help (the router)."""
    kb = load_valid_knowledge_base(ROOT / "knowledge_base")
    examples = collect_examples(ROOT / "nlu", kb)
    model = train(
        examples,
        fingerprint(ROOT / "nlu", ROOT / "knowledge_base"),
        danger=danger_examples(ROOT / "nlu"),
        safe=safe_examples(ROOT / "nlu"),
    )
    nlu = EmbeddedUnderstanding(model)
    verdicts = {}
    for message in messages:
        intent = nlu.parse_sync(message).intent
        lean = nlu.danger_margin(message)
        plea = (
            intent.name == URGENT_INTENT
            and intent.confidence >= URGENT_CONFIDENCE
            and (lean is None or lean >= URGENT_DANGER_LEAN)
        )
        verdicts[message] = plea or danger_of(message, nlu) is not None
    return verdicts


def main() -> None:
    """Print the table (and the misses with --misses)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "danger_blind.yml")
    parser.add_argument("--misses", action="store_true", help="list missed and false alarms")
    args = parser.parse_args()
    data = yaml.safe_load(args.data.read_text(encoding="utf-8"))
    everything = [m for ms in data["danger"].values() for m in ms] + data["safe"]
    engine = engine_verdicts(everything)

    def words(message: str) -> bool:
        signal = detect(message)
        return signal is not None and signal.urgent

    print("| category | messages | pattern detector | engine (detector, learned model, NLU) |")
    print("|---|---:|---:|---:|")
    totals = [0, 0, 0]
    missed: list[tuple[str, str]] = []
    for category, messages in data["danger"].items():
        by_words = sum(map(words, messages))
        by_engine = sum(engine[m] for m in messages)
        missed += [(category, m) for m in messages if not engine[m]]
        totals = [totals[0] + len(messages), totals[1] + by_words, totals[2] + by_engine]
        n = len(messages)
        print(f"| {category} | {n} | {by_words / n:.0%} | {by_engine / n:.0%} |")
    n, w, e = totals
    print(f"| **all danger (recall)** | {n} | {w / n:.1%} | {e / n:.1%} |")
    safe = data["safe"]
    alarms_w = [m for m in safe if words(m)]
    alarms_e = [m for m in safe if engine[m]]
    print(
        f"| **safe messages flagged (false alarms)** | {len(safe)} "
        f"| {len(alarms_w) / len(safe):.1%} | {len(alarms_e) / len(safe):.1%} |"
    )
    if args.misses:
        print("\nmissed by the engine:")
        for category, message in missed:
            print(f"  [{category}] {message}")
        print("\nfalse alarms (engine):")
        for message in alarms_e:
            print(f"  {message}")


if __name__ == "__main__":
    main()
