"""Settings for a benchmark's own assistant: the repository's content, state in a temp folder,
no `.env` read (what the operator has configured must not change a measurement)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def bench_settings(tmp: Path, database_url: str, **overrides: Any) -> Settings:
    """Settings over `database_url` with everything local under `tmp`."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "var_dir": tmp / "var",
        "kb_dir": ROOT / "knowledge_base",
        "nlu_dir": ROOT / "nlu",
        "secret_key": "benchmark-secret-key-0123456789abcdefghij",
        "_env_file": None,
    }
    return Settings(**(values | overrides))
