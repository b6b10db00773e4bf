"""JSON from the outside world, parsed strictly: bounded depth, finite numbers, valid text.

Python's json module accepts `NaN` and `Infinity`, turns `1e999` into infinity, keeps lone
surrogates (`"\\ud800"`) that no database or encoder can store, and raises RecursionError (not
ValueError) on deep nesting. Every webhook and the web chat parse through `loads`, so each of
those is a ValueError the caller answers with a 400.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 64


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(body: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed value, or ValueError for anything a strict JSON reader would refuse."""
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        value = json.loads(text, parse_float=_finite, parse_constant=_constant)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    check(value, max_depth=max_depth)
    return value


def check(value: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """ValueError when `value` nests deeper than `max_depth` or holds a string (or key) that
    is not valid Unicode text (a lone surrogate). Iterative, so depth cannot exhaust the stack."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            raise ValueError("nested too deeply")
        if isinstance(item, str):
            _valid_text(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                _valid_text(key)
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _valid_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("not valid Unicode text") from exc
