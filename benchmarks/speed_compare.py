"""Old against new, side by side in one run (issue 19): a markdown table with ratios.

Run: .venv/bin/python benchmarks/speed_compare.py --before <git-rev> [--turns 400] [--rounds 3]

The `--before` revision is checked out in a temporary `git worktree` under /tmp (removed
afterwards). Each measure runs in its own subprocess with that tree's code on PYTHONPATH,
alternately in the old and the new tree (old, new, then new, old, ...), so a machine that gets
busier or quieter during the run weighs on both alike. The table shows the median of the rounds
and their range. Everything runs on this machine, on 127.0.0.1 only.

A measure is a `Measure` in `MEASURES`: a function that measures one tree and returns numbers,
and the rows that show them. Add one there to compare something else.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table: a number a measure returns, how it reads, which way is better."""

    key: str
    label: str
    unit: str = "ms"
    digits: int = 2
    lower_is_better: bool = True


@dataclass(frozen=True, slots=True)
class Tree:
    """A checkout to measure: its name in the table and its folder."""

    name: str
    path: Path


@dataclass(frozen=True, slots=True)
class Measure:
    """`run(tree, scratch, args)` measures one tree once; `scratch` is kept between rounds."""

    name: str
    run: Callable[[Tree, Path, argparse.Namespace], dict[str, float]]
    rows: list[Row] = field(default_factory=list)


def python_in(tree: Tree, args: list[str], *, timeout: float = 1800) -> str:
    """Run this interpreter with `tree`'s code first on the path; its standard output."""
    env = dict(os.environ, PYTHONPATH=str(tree.path), RUMBO_LOG_LEVEL="WARNING")
    done = subprocess.run(
        [sys.executable, *args],
        cwd=tree.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{tree.name}: {' '.join(args[:2])} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def turns(tree: Tree, scratch: Path, args: argparse.Namespace) -> dict[str, float]:
    """In-process turns on SQLite (benchmarks/turn_latency.py --only turns of this checkout,
    run on `tree`'s code, so both trees are measured by the same loop)."""
    out = python_in(
        tree,
        [
            str(ROOT / "benchmarks" / "turn_latency.py"),
            "--only",
            "turns",
            "--json",
            "--turns",
            str(args.turns),
            "--tree",
            str(tree.path),
            "--var",
            str(scratch / "var"),  # the tree's trained model, kept between its rounds
        ],
    )
    return {k: float(v) for k, v in json.loads(out.strip().splitlines()[-1]).items()}


def startup(tree: Tree, scratch: Path, args: argparse.Namespace) -> dict[str, float]:
    """`rumbo serve` ready, its peak RSS after 100 web chat turns, and `rumbo train`, each run
    from `tree` (benchmarks/_startup_measures.py)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import _startup_measures as startup_measures

    return {
        "serve_ready_s": startup_measures.serve_ready(tree.path),
        "serve_rss_mb": startup_measures.serve_rss_after_100_turns(tree.path),
        "train_s": startup_measures.train_seconds(tree.path),
    }


MEASURES: list[Measure] = [
    Measure(
        "turns",
        turns,
        [
            Row("p50_ms", "in-process turn, SQLite, p50"),
            Row("p99_ms", "in-process turn, SQLite, p99"),
            Row("cpu_ms_per_turn", "CPU per turn (both threads)"),
            Row("sql_per_turn", "SQL statements per turn", unit="", digits=1),
            Row("commits_per_turn", "commits per turn", unit="", digits=1),
        ],
    ),
    Measure(
        "startup",
        startup,
        [
            Row("serve_ready_s", "`rumbo serve` ready", unit="s"),
            Row(
                "serve_rss_mb",
                "peak RSS of `rumbo serve` after 100 web chat turns",
                unit="MB",
                digits=1,
            ),
            Row("train_s", "`rumbo train`, whole command", unit="s"),
        ],
    ),
]


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def checkout(rev: str, folder: Path) -> Tree:
    """A detached worktree of `rev` in `folder`."""
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), rev],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return Tree(f"before ({rev})", folder)


def compile_bytecode(tree: Tree) -> None:
    """Compile the tree's modules once, as an installed package has them: without bytecode (a
    fresh worktree, and PYTHONDONTWRITEBYTECODE where it is set) every start would compile
    every module again, and the old tree's start would look slower than it is."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(tree.path / "bot")],
        check=True,
        capture_output=True,
    )


def remove(folder: Path) -> None:
    subprocess.run(
        ["git", "worktree", "remove", "--force", str(folder)],
        cwd=ROOT,
        check=False,
        capture_output=True,
    )
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=False, capture_output=True)


def cell(values: list[float], row: Row) -> str:
    middle = statistics.median(values)
    unit = f" {row.unit}" if row.unit else ""
    text = f"{middle:.{row.digits}f}{unit}"
    if len(values) > 1 and max(values) != min(values):
        text += f" ({min(values):.{row.digits}f}–{max(values):.{row.digits}f})"
    return text


def ratio(old: list[float], new: list[float]) -> str:
    before, after = statistics.median(old), statistics.median(new)
    if before == 0:
        return "–"
    return f"{after / before:.2f}×"


def table(
    results: dict[str, dict[str, dict[str, list[float]]]],
    old: Tree,
    new: Tree,
    chosen: list[Measure],
) -> str:
    lines = [
        f"| measure | old: {old.name} | new: {new.name} | new / old |",
        "|---|---|---|---|",
    ]
    for measure in chosen:
        for row in measure.rows:
            before = results[measure.name][old.name].get(row.key, [])
            after = results[measure.name][new.name].get(row.key, [])
            if not before or not after:
                continue
            lines.append(
                f"| {row.label} | {cell(before, row)} | {cell(after, row)} | "
                f"{ratio(before, after)} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--before", required=True, help="git revision to compare against")
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--measure",
        action="append",
        choices=[m.name for m in MEASURES],
        help="only these measures (repeatable; default: all)",
    )
    args = parser.parse_args()
    chosen = [m for m in MEASURES if not args.measure or m.name in args.measure]
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    new = Tree(f"{head}{' + changes' if dirty else ''}", ROOT)
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="rumbo-compare-") as folder:
        work = Path(folder)
        old = checkout(args.before, work / "before")
        for tree in (old, new):
            compile_bytecode(tree)
        try:
            results: dict[str, dict[str, dict[str, list[float]]]] = {}
            for measure in chosen:
                results[measure.name] = {old.name: {}, new.name: {}}
                for index in range(args.rounds):
                    order = (old, new) if index % 2 == 0 else (new, old)
                    for tree in order:
                        scratch = work / f"{measure.name}-{'old' if tree is old else 'new'}"
                        scratch.mkdir(exist_ok=True)
                        found = measure.run(tree, scratch, args)
                        print(f"round {index + 1} {measure.name} {tree.name}: {found}", flush=True)
                        for key, value in found.items():
                            results[measure.name][tree.name].setdefault(key, []).append(value)
        finally:
            remove(work / "before")
    print()
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {started}; load average {load_before} before, "
        f"{load_average()} after; {args.rounds} rounds, interleaved; median (range)"
    )
    print(f"command: benchmarks/speed_compare.py --before {args.before} --turns {args.turns}")
    print()
    print(table(results, old, new, chosen))


if __name__ == "__main__":
    main()
