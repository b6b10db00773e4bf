"""Cross-validation of when to ask rather than guess (bot/flows/clarify.py), on training data only.

    .venv/bin/python benchmarks/clarify_cv.py [--folds 5] [--max-clarify 0.08]

Stratified k-fold over nlu/data + the articles' questions: each held-out message is parsed by a
model trained on the other folds, then the answer flow's rule is applied for every setting of
(SURE, FLOOR, MARGIN) in a grid. For the messages that ask an article's question it counts right
and wrong direct answers, clarifying questions (and whether the right article was among their
choices) and fallbacks; the chosen setting has the fewest wrong direct answers among those that
ask on at most --max-clarify of the held-out questions. No test or blind file is read.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.flows import clarify
from bot.knowledge.loader import load_knowledge_base
from bot.understanding import embedded
from bot.understanding.base import FALLBACK_INTENT, ParseResult
from bot.understanding.training import collect_examples

ROOT = Path(__file__).resolve().parents[1]
SURES = (0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
FLOORS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45)
MARGINS = (0.05, 0.1, 0.15, 0.2, 0.3)
CURRENT = (0.55, 0.4, 0.15)  # the setting before issue 16


@dataclass(frozen=True, slots=True)
class Held:
    """One held-out message: what it means and the kb readings of its parse."""

    truth: str  # the article id, or the core intent ("greet") of a message that is not a question
    routed: bool  # the router sends it to the answer flow
    options: tuple[tuple[str, float], ...]


def readings(parse: ParseResult) -> tuple[bool, tuple[tuple[str, float], ...]]:
    """Whether the router answers from articles (bot/engine/router.py), and the top 3 articles."""
    ranking = parse.intent_ranking
    options = tuple((i.name[3:], i.confidence) for i in ranking if i.name.startswith("kb."))[:3]
    top = parse.intent.name
    routed = top.startswith("kb.") or (
        top == FALLBACK_INTENT
        and bool(ranking)
        and ranking[0].name.startswith("kb.")
        and ranking[0].confidence >= 0.2
    )
    return routed, options


def held_out(folds: int) -> list[Held]:
    """Every article question, parsed by a model that did not see it."""
    from sklearn.model_selection import StratifiedKFold

    kb = load_knowledge_base(ROOT / "knowledge_base").kb
    examples = collect_examples(ROOT / "nlu", kb)
    labels = np.array([e.intent for e in examples])
    found: list[Held] = []
    splits = StratifiedKFold(folds, shuffle=True, random_state=1).split(labels, labels)
    for train_rows, test_rows in splits:
        model = embedded.train([examples[i] for i in train_rows], "cv")
        nlu = embedded.EmbeddedUnderstanding(model)
        for i in test_rows:
            routed, options = readings(asyncio.run(nlu.parse(examples[i].text)))
            found.append(Held(examples[i].intent.removeprefix("kb."), routed, options))
    return found


def outcome(item: Held, sure: float, floor: float, margin: float) -> str:
    """right | wrong | ask_hit | ask_miss | fallback, as bot/flows/clarify.py decides."""
    if not item.routed or not item.options:
        return "fallback"
    best_id, best = item.options[0]
    second = item.options[1][1] if len(item.options) > 1 else 0.0
    if best >= sure or (best >= floor and best - second >= margin):
        return "right" if best_id == item.truth else "wrong"
    return "ask_hit" if any(a == item.truth for a, _ in item.options) else "ask_miss"


def table(items: list[Held], max_clarify: float) -> str:
    """A Markdown table of the best settings, the current and the chosen one marked. Rates are
    of all held-out messages (questions and the rest, as first messages are); right and wrong
    are direct answers to article questions."""
    questions = sum(1 for item in items if "-" in item.truth)
    rows = []
    for sure, floor, margin in itertools.product(SURES, FLOORS, MARGINS):
        if floor > sure:
            continue
        counts = {k: 0 for k in ("right", "wrong", "ask_hit", "ask_miss", "fallback")}
        for item in items:
            counts[outcome(item, sure, floor, margin)] += 1
        asked = (counts["ask_hit"] + counts["ask_miss"]) / len(items)
        right, wrong = counts["right"] / questions, counts["wrong"] / len(items)
        rows.append(((sure, floor, margin), right, wrong, asked, counts))
    allowed = [r for r in rows if r[3] <= max_clarify]
    chosen = min(allowed, key=lambda r: (r[2], r[3])) if allowed else None
    current = next(r for r in rows if r[0] == CURRENT)
    lines = [
        f"{len(items)} held-out messages ({questions} article questions); clarify budget "
        f"{max_clarify:.0%}",
        "",
        "| SURE | FLOOR | MARGIN | right answers (of questions) | wrong answers | clarify "
        "| right article among its choices | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    in_use = next(r for r in rows if r[0] == (clarify.SURE, clarify.FLOOR, clarify.MARGIN))
    shown = sorted(allowed, key=lambda r: (r[2], r[3]))[:8]
    shown += [row for row in (in_use, current) if row not in shown]
    for row in shown:
        (sure, floor, margin), right, wrong, asked, counts = row
        hit = counts["ask_hit"] / max(1, counts["ask_hit"] + counts["ask_miss"])
        marks = [
            name
            for name, marked in (("chosen", chosen), ("in use", in_use), ("before #16", current))
            if row is marked
        ]
        mark = ", ".join(marks)
        lines.append(
            f"| {sure} | {floor} | {margin} | {right:.1%} | {wrong:.1%} | {asked:.1%} "
            f"| {hit:.1%} | {mark} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, cross-validate, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-clarify", type=float, default=0.08)
    args = parser.parse_args()
    print(table(held_out(args.folds), args.max_clarify))


if __name__ == "__main__":
    main()
