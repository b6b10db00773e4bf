"""Snapshot of `rumbo ask --json` over the messages of a YAML set, one JSON line per message and
channel, for before/after diffs of a refactor (issue 15: no behaviour change).

    PYTHONPATH=. .venv/bin/python scripts/ask_snapshot.py OUT.jsonl [--data FILE] [--var DIR]
    diff /tmp/core_before.jsonl /tmp/core_after.jsonl   # must be empty

Each message opens its own conversation (a new --user), on each channel, through one runtime and
the very function that prints `rumbo ask --json` (bot.cli.turn_json), so it equals one
`rumbo ask --json --channel C --user U "text"` per line without paying a process start each.
`--subprocess N` also runs the first N lines through the real command and checks they agree.
Only the messages are read from the file; the labels are not looked at.

Run both sides with the same `--var` and on the same UTC day: the embedded model is trained
into `--var` once and reused (a model trained afresh can move a confidence in the fourth
decimal), and an article past its review date gains an "outdated" line after midnight.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._settings import bench_settings  # noqa: E402
from bot.cli import turn_json  # noqa: E402
from bot.messages import InboundMessage  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.storage.migrate import upgrade_async  # noqa: E402

CHANNELS = ("web", "sms", "telegram")


async def snapshot(texts: list[str], var: Path) -> list[dict[str, object]]:
    """One `ask --json` object per (channel, message), each in a fresh conversation."""
    url = f"sqlite+aiosqlite:///{var / 'snapshot.db'}"
    await upgrade_async(url)
    runtime = build_runtime(bench_settings(var, url))
    lines: list[dict[str, object]] = []
    try:
        for channel in CHANNELS:
            for number, text in enumerate(texts):
                user = f"cli:snap-{channel}-{number}"
                inbound = InboundMessage(channel=channel, user=user, text=text)
                result = await runtime.engine.handle(inbound, inline=True)
                lines.append({"channel": channel, "n": number, **turn_json(result)})
    finally:
        await runtime.close()
    return lines


def via_command(text: str, channel: str, number: int, var: Path) -> dict[str, object]:
    """The same message through the real `rumbo ask --json`."""
    env = os.environ | {
        "RUMBO_VAR_DIR": str(var / "cli"),
        "RUMBO_KB_DIR": str(ROOT / "knowledge_base"),
        "RUMBO_NLU_DIR": str(ROOT / "nlu"),
        "RUMBO_SECRET_KEY": "benchmark-secret-key-0123456789abcdefghij",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "ask",
            "--json",
            "--channel",
            channel,
            "--user",
            f"snap-cmd-{channel}-{number}",
            text,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return {"channel": channel, "n": number, **json.loads(out.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "nlu_test.yml")
    parser.add_argument("--var", type=Path, default=Path("/tmp/core_snapshot_var"))
    parser.add_argument("--subprocess", type=int, default=0)
    args = parser.parse_args()
    data = yaml.safe_load(args.data.read_text(encoding="utf-8"))
    texts = [str(item["text"]) for item in data["examples"]]
    args.var.mkdir(parents=True, exist_ok=True)
    (args.var / "snapshot.db").unlink(missing_ok=True)
    (args.var / "cli" / "rumbo.db").unlink(missing_ok=True)  # fresh conversations for the CLI
    lines = asyncio.run(snapshot(texts, args.var))
    with args.out.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(lines)} turns ({len(texts)} messages x {len(CHANNELS)} channels) -> {args.out}")
    for line in lines[: args.subprocess]:
        number, channel = int(str(line["n"])), str(line["channel"])
        if via_command(texts[number], channel, number, args.var) != line:
            raise SystemExit(f"`rumbo ask --json` differs from the snapshot at line {number}")
    if args.subprocess:
        print(f"the first {args.subprocess} lines agree with `rumbo ask --json`")


if __name__ == "__main__":
    main()
