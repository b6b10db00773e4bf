"""Turn a topic development set into article questions (#16).

    .venv/bin/python scripts/merge_dev_set.py tests/data/topics_devN.yml [--dry-run]

A development set is written by a helper who saw only a brief and the article catalogue, and is
measured once before use (benchmarks/topics_blind.py --misses). Then its single-problem first
messages become questions of the article they name, which is what this script does:

- a message with `also` (two problems) is left out: it teaches the model two answers at once;
- a message the danger detector hears is left out: it is answered by the safety flow first;
  so is a question of a safety article that the learned danger model hears (with the model in
  var/nlu/model.pkl): as a question it would teach that model to stay quiet on it;
- a message in neither Spanish nor English (language identification) is left out;
- English messages, and mixed ones identified as English, go to the English article file;
  Spanish and the other mixed ones to the Spanish file;
- a near-copy of a held-out message (character 4-gram cosine, or the Jaccard similarity of
  the normalised word sets, 0.8 or more against every blind set and `tests/data/nlu_test.yml`)
  is left out, so the blind sets stay blind;
- a question an article of that language already has (fold_question) is not added again,
  to the same article or another (`rumbo kb check` fails on a question in two articles).

Afterwards: `rumbo kb check`, `rumbo nlu export`, `rumbo train`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.loader import fold_question  # noqa: E402
from bot.understanding import language  # noqa: E402
from bot.understanding.danger import danger_of, detect  # noqa: E402
from bot.understanding.embedded import EmbeddedModel, EmbeddedUnderstanding  # noqa: E402
from bot.understanding.evaluation import near_copies  # noqa: E402

ARTICLES = ROOT / "knowledge_base" / "articles"
DATA = ROOT / "tests" / "data"
NEAR_COPY = 0.8


def grams(text: str) -> Counter[str]:
    folded = f" {fold_question(text)} "
    return Counter(folded[i : i + 4] for i in range(len(folded) - 3))


def cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(count * b[gram] for gram, count in a.items() if gram in b)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm


def held_out() -> list[str]:
    texts: list[str] = []
    for path in sorted(DATA.glob("topics_blind_*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [m["text"] for m in data.get("messages", [])]
        for conversation in data.get("followups", []) or []:
            texts += [str(turn) for turn in conversation["turns"]]
    test = yaml.safe_load((DATA / "nlu_test.yml").read_text(encoding="utf-8"))
    texts += [item["text"] for item in test["examples"]]
    return texts


def article_files() -> dict[tuple[str, str], Path]:
    found = {}
    for path in ARTICLES.glob("*/*/*.md"):
        found[(path.parts[-3], path.stem)] = path
    return found


def existing_questions(path: Path) -> set[str]:
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
    return {fold_question(q) for q in meta["questions"]}


def quoted(text: str) -> str:
    """The text as one YAML list item: bare when YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"- {text}") == [text]:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def add_questions(path: Path, questions: list[str]) -> None:
    """Append list items at the end of the front matter's `questions:` block."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("questions:")
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    lines[end:end] = [f"  - {quoted(q)}" for q in questions]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dev_set", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--model", type=Path, default=ROOT / "var" / "nlu" / "model.pkl")
    args = parser.parse_args()
    model = EmbeddedModel.load(args.model)
    if model is None:
        sys.exit(f"no trained model at {args.model}: run `make model` first")
    nlu = EmbeddedUnderstanding(model)
    messages = yaml.safe_load(args.dev_set.read_text(encoding="utf-8"))["messages"]
    files = article_files()
    held = held_out()
    blind = [grams(t) for t in held]
    seen = {key: existing_questions(path) for key, path in files.items()}
    left: Counter[str] = Counter()
    added: dict[tuple[str, str], list[str]] = {}
    for message in messages:
        text = " ".join(str(message["text"]).split())
        if message.get("also"):
            left["two problems"] += 1
            continue
        if detect(text) is not None:
            left["danger"] += 1
            continue
        if message["topic"] == "safety" and danger_of(text, nlu) is not None:
            left["a safety question the learned danger model hears"] += 1
            continue
        lang = language.identify(text)
        if lang not in ("es", "en"):
            left["neither Spanish nor English"] += 1
            continue
        key = (lang, message["article"])
        if key not in files:
            left["unknown article"] += 1
            continue
        own = grams(text)
        # Both measures: the character 4-grams, and the word sets that
        # tests/understanding/test_evaluation.py checks ("casa sin fronteras donde queda" is a
        # reordering of a test message, 0.75 by 4-grams).
        if any(cosine(own, other) >= NEAR_COPY for other in blind) or near_copies(
            [text], held, threshold=NEAR_COPY
        ):
            left["near-copy of a held-out message"] += 1
            continue
        folded = fold_question(text)
        if any(folded in seen[other] for other in seen if other[0] == lang):
            left["already a question"] += 1
            continue
        seen[key].add(folded)
        added.setdefault(key, []).append(text)
    if not args.dry_run:
        for key, questions in added.items():
            add_questions(files[key], questions)
    total = sum(len(q) for q in added.values())
    by_lang = Counter(key[0] for key, q in added.items() for _ in q)
    print(f"{len(messages)} messages: {total} questions added ({dict(by_lang)})", end="")
    print(f" to {len(added)} files")
    for reason, count in left.most_common():
        print(f"  left out, {reason}: {count}")


if __name__ == "__main__":
    main()
