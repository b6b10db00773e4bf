"""Cross-validation on training data only: how the danger margins and the urgent_help bar were
chosen (bot/understanding/embedded.py DANGER_MARGIN and CATEGORY_MARGIN, bot/dialogue/policy.py
URGENT_CONFIDENCE).

    .venv/bin/python benchmarks/danger_cv.py [--folds 5] [--ungrouped]

Grouped, stratified k-fold over nlu/danger.yml (danger by category, and `not_danger`) and the
intent examples (nlu/data + article questions). Near-paraphrases (character n-gram cosine of
GROUP_SIMILARITY or more) share a group and so a fold: a held-out message never has its twin in
training. Each fold trains the danger model, its category classifier and the intent classifier
on the other folds and scores the held-out messages as the engine does (bot/engine/router.py and
danger.danger_of): the pattern detector, else the learned model from DANGER_MARGIN, else the NLU's
urgent_help reading from URGENT_CONFIDENCE with the danger model not on its safe side. Tables:
- per danger margin: recall overall and per category, false alarms on held-out `not_danger`
  messages (told with urgency or hardship) and on held-out ordinary questions, whole engine;
- per category margin: the right category for caught danger messages, overall and per category
  (a message the patterns name keeps their category; otherwise cue words, then the classifier
  from the margin, else the general `distress`);
- per urgent_help bar: pleas caught and false alarms;
- with the settings in the code: recall, right category and what it was confused with.
The pattern detector is written by hand, partly from this file: its share of the recall is not
held out. Neither tests/data/nlu_test.yml nor the blind danger sets are read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.dialogue import policy  # noqa: E402
from bot.knowledge.loader import load_knowledge_base  # noqa: E402
from bot.understanding import embedded  # noqa: E402
from bot.understanding.base import URGENT_INTENT  # noqa: E402
from bot.understanding.danger import (  # noqa: E402
    GENERAL,
    category_hint,
    cue_scores,
    detect,
    quiet,
    settle,
)
from bot.understanding.normalize import normalize  # noqa: E402
from bot.understanding.training import (  # noqa: E402
    collect_examples,
    danger_examples,
    safe_examples,
)

MARGINS = (-0.2, -0.1, 0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
CATEGORY_MARGINS = (-1.0, -0.5, -0.3, -0.1, 0.0, 0.2)
BARS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
GROUP_SIMILARITY = 0.6


@dataclass(frozen=True, slots=True)
class Scored:
    """What the engine's detectors say about one held-out message."""

    truth: str  # a danger category, "not_danger" or "ordinary"
    pattern: str | None  # the acting category the patterns name, None when they are silent
    margin: float  # the learned danger model's margin
    predicted: str  # the category classifier's best guess
    score: float  # its one-vs-rest margin
    cue: str | None  # the category the cue words name
    plea: float  # the NLU's urgent_help confidence
    quiet: bool  # told as general or past, or a procedure with no word of harm (danger.quiet)
    text: str
    cues: dict[str, float]  # each category's cue-word weight (danger.cue_scores)
    scores: dict[str, float]  # each category's one-vs-rest margin
    answer: float  # the NLU's confidence in its best article reading (0 when no article leads)


def groups_of(texts: list[str]) -> list[int]:
    """A group number per text: near-paraphrases (connected by cosine >= GROUP_SIMILARITY on
    character 3-5-grams) share one."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(
        [normalize(t) for t in texts]
    )
    similar = (matrix @ matrix.T).tocoo()
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, value in zip(similar.row, similar.col, similar.data, strict=True):
        if i < j and value >= GROUP_SIMILARITY:
            parent[root(int(i))] = root(int(j))
    return [root(i) for i in range(len(texts))]


def folds_of(labels: list[str], folds: int, groups: list[int] | None) -> np.ndarray:
    """A fold number per item, stratified by label (and grouped when groups are given)."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    count = len(labels)
    assignment = np.zeros(count, dtype=int)
    counts = Counter(labels)
    strata = [label if counts[label] >= folds else "_rare" for label in labels]
    if groups is None:
        split = StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(count), strata)
    else:
        splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=0)
        split = splitter.split(np.zeros(count), strata, groups)
    for fold, (_, test) in enumerate(split):
        assignment[test] = fold
    return assignment


def score(model: embedded.EmbeddedModel, text: str, truth: str) -> Scored:
    """The detectors' view of one message (the model trained without it)."""
    assert model.danger is not None
    norm = normalize(text)
    signal = detect(text)
    scores = model.danger.category_scores(norm)
    best = int(np.argmax(scores))
    ranking = embedded.EmbeddedUnderstanding(model).parse_sync(text).intent_ranking
    plea = next((i.confidence for i in ranking if i.name == URGENT_INTENT), 0.0)
    answer = ranking[0].confidence if ranking and ranking[0].name.startswith("kb.") else 0.0
    return Scored(
        truth,
        signal.category if signal is not None else None,
        model.danger.margin(norm),
        model.danger.categories[best],
        float(scores[best]),
        category_hint(text),
        plea,
        quiet(text),
        text,
        cue_scores(text),
        dict(zip(model.danger.categories, map(float, scores), strict=True)),
        answer,
    )


def alarms(s: Scored, margin: float, bar: float) -> bool:
    """The engine raises an alarm: patterns, the learned model, or a confident plea."""
    plea = s.plea >= bar and s.margin >= policy.URGENT_DANGER_LEAN
    return s.pattern is not None or (not s.quiet and s.margin >= margin) or plea


def gated(s: Scored, margin: float, bar: float, answer: float, extra: float) -> bool:
    """`alarms`, with the learned model alone needing `extra` more margin when the NLU reads an
    article at `answer` confidence or more (embedded.ANSWER_GATE, embedded.ANSWER_EXTRA)."""
    if s.pattern is None and s.answer >= answer and not alarms(s, margin + extra, bar):
        return False
    return alarms(s, margin, bar)


def gate_table(scored: list[Scored], margin: float, bar: float) -> None:
    """Recall and false alarms when a confident article reading raises the learned bar."""
    dangers = [s for s in scored if s.truth not in ("not_danger", "ordinary", URGENT_INTENT)]
    safe = [s for s in scored if s.truth == "not_danger"]
    ordinary = [s for s in scored if s.truth == "ordinary"]
    print("\nA confident article reading raises the learned model's bar (margin + extra):")
    print("| article confidence | extra | recall | false alarms, not_danger | ordinary |")
    print("|---:|---:|---:|---:|---:|")
    for answer, extra in [(2.0, 0.0)] + [
        (a, e) for a in (0.5, 0.7, 0.9) for e in (0.25, 0.5, 1.0, 2.0)
    ]:
        cells = [
            rate(sum(gated(s, margin, bar, answer, extra) for s in rows), len(rows))
            for rows in (dangers, safe, ordinary)
        ]
        label = "off" if answer > 1 else f"{answer:.1f}"
        print(f"| {label} | {extra:.2f} | " + " | ".join(cells) + " |")


def named(s: Scored, category_margin: float, weight: float | None = None) -> str:
    """The category the engine acts on for a caught message (danger.danger_of): the patterns',
    else the classifier's margin plus `weight` (embedded.CUE_WEIGHT) times the cue weight when it
    reaches the category margin, else the cue words', else the general `distress`; then checked
    against the message as the engine does (danger.settle; a message it finds no danger in
    still counts as an alarm here, named `distress`)."""
    if s.pattern is not None:
        return s.pattern
    weight = embedded.CUE_WEIGHT if weight is None else weight
    best = blended(s, weight)
    if s.scores[best] + weight * s.cues.get(best, 0.0) >= category_margin:
        return settle(s.text, best) or GENERAL
    return settle(s.text, s.cue) or GENERAL


CUE_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 2.0)


def blended(s: Scored, weight: float) -> str:
    """The category whose cue-word weight times `weight`, plus its classifier margin, is
    highest (weight 0: the classifier alone)."""
    return max(s.scores, key=lambda n: s.scores[n] + weight * s.cues.get(n, 0.0))


def category_rules(dangers: list[Scored], margin: float, bar: float) -> None:
    """Right category of caught messages no pattern names, by each way of naming it."""
    rows = [s for s in dangers if s.pattern is None and alarms(s, margin, bar)]
    print()
    print(f"Category of the {len(rows)} caught messages no pattern names, by rule:")
    print("| rule | right |")
    print("|---|---:|")
    before = sum(
        (s.cue or (s.predicted if s.score >= embedded.CATEGORY_MARGIN else GENERAL)) == s.truth
        for s in rows
    )
    print(f"| cue words, else classifier (before round 4) | {rate(before, len(rows))} |")
    cue_only = sum((s.cue or GENERAL) == s.truth for s in rows)
    print(f"| cue words alone (else distress) | {rate(cue_only, len(rows))} |")
    for weight in CUE_WEIGHTS:
        right = sum(named(s, embedded.CATEGORY_MARGIN, weight) == s.truth for s in rows)
        print(f"| classifier margin + {weight} x cue weight | {rate(right, len(rows))} |")


def main() -> None:
    """Cross-validate and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--ungrouped", action="store_true", help="plain stratified folds")
    parser.add_argument("--misses", action="store_true", help="list misses and false alarms")
    parser.add_argument("--danger-c", type=float, help="the danger model's C (DANGER_C)")
    parser.add_argument("--safe-weight", type=float, help="weight of not_danger (SAFE_WEIGHT)")
    args = parser.parse_args()
    if args.danger_c is not None:
        embedded.DANGER_C = args.danger_c
    if args.safe_weight is not None:
        embedded.SAFE_WEIGHT = args.safe_weight
    print(f"DANGER_C {embedded.DANGER_C}, SAFE_WEIGHT {embedded.SAFE_WEIGHT}")
    kb = load_knowledge_base(ROOT / "knowledge_base").kb
    examples = collect_examples(ROOT / "nlu", kb)
    danger = danger_examples(ROOT / "nlu")
    safe = safe_examples(ROOT / "nlu")
    labelled = [*danger, *((s, "not_danger") for s in safe)]
    grouped = None if args.ungrouped else groups_of([t for t, _ in labelled])
    f_lab = folds_of([c for _, c in labelled], args.folds, grouped)
    f_ex = folds_of([e.intent for e in examples], args.folds, None)
    if grouped is not None:
        print(
            f"{len(labelled)} danger and not_danger messages in {len(set(grouped))} groups "
            f"(cosine >= {GROUP_SIMILARITY}), {len(examples)} intent examples"
        )
    scored: list[Scored] = []
    for fold in range(args.folds):
        train_ex = [e for e, f in zip(examples, f_ex, strict=True) if f != fold]
        held_ex = [e for e, f in zip(examples, f_ex, strict=True) if f == fold]
        train = [d for d, f in zip(labelled, f_lab, strict=True) if f != fold]
        held = [d for d, f in zip(labelled, f_lab, strict=True) if f == fold]
        model = embedded.train(
            train_ex,
            "cv",
            danger=[(t, c) for t, c in train if c != "not_danger"],
            safe=[t for t, c in train if c == "not_danger"],
        )
        scored += [score(model, text, truth) for text, truth in held]
        scored += [
            score(model, e.text, "ordinary")
            for e in held_ex
            if e.intent != URGENT_INTENT and detect(e.text) is None
        ]
        scored += [
            score(model, e.text, URGENT_INTENT) for e in held_ex if e.intent == URGENT_INTENT
        ]
    report(scored)
    gate_table(scored, embedded.DANGER_MARGIN, policy.URGENT_CONFIDENCE)
    category_rules(
        [s for s in scored if s.truth not in ("not_danger", "ordinary", URGENT_INTENT)],
        embedded.DANGER_MARGIN,
        policy.URGENT_CONFIDENCE,
    )
    if args.misses:
        misses(scored)


def misses(scored: list[Scored]) -> None:
    """Held-out misses, wrong categories and false alarms, with the settings in the code."""
    margin, bar, cm = embedded.DANGER_MARGIN, policy.URGENT_CONFIDENCE, embedded.CATEGORY_MARGIN
    print()
    for s in scored:
        if s.truth in ("ordinary", URGENT_INTENT):
            continue
        caught = alarms(s, margin, bar)
        if s.truth == "not_danger" and caught:
            print(f"FALSE ALARM {s.pattern or 'model'} {s.margin:+.2f} | {s.text}")
        elif s.truth != "not_danger" and not caught:
            print(f"MISS {s.truth} {s.margin:+.2f} | {s.text}")
        elif s.truth != "not_danger" and named(s, cm) != s.truth:
            print(f"CATEGORY {s.truth} -> {named(s, cm)} | {s.text}")


def rate(hits: int, total: int) -> str:
    return f"{hits / max(total, 1):.1%}"


def report(scored: list[Scored]) -> None:
    """The four tables."""
    dangers = [s for s in scored if s.truth not in ("not_danger", "ordinary", URGENT_INTENT)]
    safe = [s for s in scored if s.truth == "not_danger"]
    ordinary = [s for s in scored if s.truth == "ordinary"]
    pleas = [s for s in scored if s.truth == URGENT_INTENT]
    names = sorted({s.truth for s in dangers})
    bar, cat_margin = policy.URGENT_CONFIDENCE, embedded.CATEGORY_MARGIN
    print()
    print(f"Recall and false alarms per danger margin (urgent_help bar {bar}):")
    short = {
        n: n.replace("sexual_violence", "sexual").replace("armed_threat", "armed") for n in names
    }
    print(
        "| margin | recall | "
        + " | ".join(short[n] for n in names)
        + " | FA not_danger | FA ordinary |"
    )
    print("|---:|---:|" + "---:|" * len(names) + "---:|---:|")
    for margin in MARGINS:
        per = [
            rate(
                sum(alarms(s, margin, bar) for s in dangers if s.truth == n),
                sum(s.truth == n for s in dangers),
            )
            for n in names
        ]
        print(
            f"| {margin:.2f} "
            f"| {rate(sum(alarms(s, margin, bar) for s in dangers), len(dangers))} | "
            + " | ".join(per)
            + f" | {rate(sum(alarms(s, margin, bar) for s in safe), len(safe))} ({len(safe)})"
            f" | {rate(sum(alarms(s, margin, bar) for s in ordinary), len(ordinary))}"
            f" ({len(ordinary)}) |"
        )
    margin = embedded.DANGER_MARGIN
    print()
    print(f"Right category of caught danger messages per category margin (danger margin {margin}):")
    print("| category margin | right | " + " | ".join(short[n] for n in names) + " |")
    print("|---:|---:|" + "---:|" * len(names))
    for cm in CATEGORY_MARGINS:
        caught = [s for s in dangers if alarms(s, margin, bar)]
        per = [
            rate(
                sum(named(s, cm) == n for s in caught if s.truth == n),
                sum(s.truth == n for s in caught),
            )
            for n in names
        ]
        right = sum(named(s, cm) == s.truth for s in caught)
        print(f"| {cm:.2f} | {rate(right, len(caught))} | " + " | ".join(per) + " |")
    print()
    print(f"urgent_help bar (danger margin {margin}; the plea alarms only with margin >= 0):")
    print(
        "| bar | pleas caught (the plea alone) | recall, whole engine | FA not_danger "
        "| FA ordinary |"
    )
    print("|---:|---:|---:|---:|---:|")
    for b in BARS:
        alone = sum(s.plea >= b and s.margin >= policy.URGENT_DANGER_LEAN for s in pleas)
        print(
            f"| {b:.2f} | {rate(alone, len(pleas))} ({len(pleas)}) "
            f"| {rate(sum(alarms(s, margin, b) for s in dangers), len(dangers))} "
            f"| {rate(sum(alarms(s, margin, b) for s in safe), len(safe))} "
            f"| {rate(sum(alarms(s, margin, b) for s in ordinary), len(ordinary))} |"
        )
    print()
    print(
        f"With the settings in the code (DANGER_MARGIN {margin}, CATEGORY_MARGIN {cat_margin}, "
        f"URGENT_CONFIDENCE {bar}):"
    )
    print("| category | recall | by patterns | right category, of caught | named instead |")
    print("|---|---:|---:|---:|---|")
    for name in [*names, "all"]:
        rows = [s for s in dangers if name in ("all", s.truth)]
        caught = [s for s in rows if alarms(s, margin, bar)]
        right = sum(named(s, cat_margin) == s.truth for s in caught)
        wrong = Counter(named(s, cat_margin) for s in caught if named(s, cat_margin) != s.truth)
        instead = ", ".join(f"{n} {c}" for n, c in wrong.most_common(3)) if name != "all" else ""
        print(
            f"| {name} | {rate(len(caught), len(rows))} ({len(rows)}) "
            f"| {rate(sum(s.pattern is not None for s in rows), len(rows))} "
            f"| {rate(right, len(caught))} | {instead} |"
        )
    print(
        f"| false alarms, not_danger | {rate(sum(alarms(s, margin, bar) for s in safe), len(safe))}"
        f" ({len(safe)}) | {rate(sum(s.pattern is not None for s in safe), len(safe))} | | |"
    )
    print(
        f"| false alarms, ordinary | "
        f"{rate(sum(alarms(s, margin, bar) for s in ordinary), len(ordinary))} ({len(ordinary)}) "
        "| | | |"
    )


if __name__ == "__main__":
    main()
