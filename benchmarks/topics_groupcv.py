"""Leave one development set out: how a setting of the embedded model does on writers it never
saw, measured on training data only (#16).

    .venv/bin/python benchmarks/topics_groupcv.py [--data tests/data/topics_devN.yml ...]
        [--setting NAME=VALUE ...]

The topic development sets were written by helpers who saw neither the model nor its data, and
their single-problem messages then became article questions (scripts/merge_dev_set.py). So each
one can be held out again: for each set, the model is trained without every training example
that is one of its messages (compared as `fold_question` folds them), and its messages are played
through the whole engine as benchmarks/topics_blind.py plays them. A random split of the
training data scores paraphrases of one writer against each other; this scores new writers, as
the blind sets do, without reading the blind sets.

`--setting LEXICAL_WEIGHT=1` (any upper-case constant of bot/understanding/embedded.py or
features.py) changes a setting for the whole run, to compare settings side by side. Figures:
topic accuracy per set and pooled, and the clarify and fallback rates.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.topics_blind import load, run, score, topic_of  # noqa: E402
from bot.knowledge.loader import fold_question  # noqa: E402
from bot.understanding import embedded, features, registry  # noqa: E402
from bot.understanding.training import Example, collect_examples  # noqa: E402

DEFAULT = sorted((ROOT / "tests" / "data").glob("topics_dev*.yml"))


def setting(text: str) -> tuple[Any, str, Any]:
    """NAME=VALUE of a constant of embedded.py or features.py (the module, the name and the
    value, parsed like the constant's own)."""
    name, _, value = text.partition("=")
    module = next((m for m in (embedded, features) if hasattr(m, name)), None)
    if not name.isupper() or module is None:
        raise argparse.ArgumentTypeError(f"embedded.py and features.py have no setting {name!r}")
    current = getattr(module, name)
    kind = type(current)
    if kind is bool:
        return module, name, value.lower() in {"1", "true", "yes"}
    if kind is tuple:
        return module, name, tuple(type(current[0])(v) for v in value.split(","))
    return module, name, kind(value)


def without(held_out: set[str], dropped: list[int]) -> Any:
    """`collect_examples` with the held-out set's messages left out (how many: in `dropped`)."""

    def collect(nlu_dir: Path, kb: Any) -> list[Example]:
        examples = collect_examples(nlu_dir, kb)
        kept = [e for e in examples if fold_question(e.text) not in held_out]
        dropped.append(len(examples) - len(kept))
        return kept

    return collect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="+", default=DEFAULT)
    parser.add_argument("--setting", type=setting, nargs="*", default=[])
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="fit the temperature at each training (for settings that change the scores' scale)",
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the held-out messages given another topic"
    )
    args = parser.parse_args()
    for module, name, value in args.setting:
        setattr(module, name, value)
    if args.calibrate:
        registry.train = functools.partial(embedded.train, calibrate=True)  # type: ignore[assignment]
    changed = ", ".join(f"{n}={v}" for _, n, v in args.setting) or "defaults"
    changed += ", temperature fitted at each training" if args.calibrate else ""
    print(f"settings: {changed}\n")
    print("| held-out set | messages | left out of training | topic | clarify | fallback |")
    print("|---|---:|---:|---:|---:|---:|")
    right = total = clarify = fallback = 0
    misses: list[str] = []
    started = time.perf_counter()
    for path in args.data:
        messages, _ = load([path])
        held_out = {fold_question(m["text"]) for m in messages}
        dropped: list[int] = []
        registry.collect_examples = without(held_out, dropped)  # type: ignore[assignment]
        try:
            firsts, _ = asyncio.run(run(messages, []))
        finally:
            registry.collect_examples = collect_examples
        figures = score(messages, [], firsts, [])
        for result, item in zip(firsts, messages, strict=True):
            if topic_of(result) != item["topic"]:
                got = ",".join(result.article_ids or []) or "-"
                misses.append(f"  {item['topic']} <- {topic_of(result)}:{got} | {item['text']}")
        n = figures["messages"]
        right += figures["topic_right"]
        total += n
        clarify += round(figures["clarify_rate"] * n)
        fallback += round(figures["fallback_rate"] * n)
        print(
            f"| {path.stem} | {n} | {sum(dropped)} | {figures['topic_accuracy']:.1%} "
            f"| {figures['clarify_rate']:.1%} | {figures['fallback_rate']:.1%} |"
        )
    print(
        f"| **pooled** | {total} | | **{right / total:.1%}** ({right}/{total}) "
        f"| {clarify / total:.1%} | {fallback / total:.1%} |"
    )
    print(f"\n{time.perf_counter() - started:.0f} s")
    if args.misses:
        print("\nheld-out messages given another topic (expected <- got):")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
