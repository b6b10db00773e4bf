"""Caches keyed by message texts, cleared together after an erasure (BORRAR, /delete).

A top-level module: the knowledge base and the understanding both mark their caches here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

_TEXT_CACHES: list[Any] = []


_Cached = TypeVar("_Cached", bound=Callable[..., Any])


def remembers_texts(function: _Cached) -> _Cached:
    """Mark an `lru_cache`d function whose keys are message texts: `forget_texts` clears it."""
    _TEXT_CACHES.append(function)
    return function


def forget_texts() -> None:
    """Drop every cache keyed by message texts: after an erasure (BORRAR, /delete) no text of
    the person stays in this process's memory either."""
    for cached in _TEXT_CACHES:
        cached.cache_clear()
