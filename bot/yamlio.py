"""YAML reading through libyaml when PyYAML was built with it (several times faster than the
pure-Python parser, which dominated `rumbo train` and the knowledge-base load), same safe rules."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """`yaml.safe_load`, with the C loader when available."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader either way
