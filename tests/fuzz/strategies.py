"""Hypothesis strategies for what arrives at the edge."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Any text, lone surrogates and control characters included (mixed in explicitly).
# st.text() drops surrogates even when asked, hence a list of characters joined.
wild_text = st.lists(
    st.characters(codec=None) | st.sampled_from(["\ud800", "\udfff", "\x00", "\u202e"]),
    max_size=60,
).map("".join)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | wild_text
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(wild_text, children, max_size=4)
    ),
    max_leaves=20,
)


def dumps(value: Any) -> bytes:
    """JSON as a client might send it (NaN and lone surrogates allowed through)."""
    return json.dumps(value, allow_nan=True).encode()


raw_bodies = st.binary(max_size=300) | json_values.map(dumps)
odd_ids = (
    st.integers(min_value=-(2**70), max_value=2**70).map(str)
    | st.text(st.characters(categories=("Nd", "No")), min_size=1, max_size=25)
    | st.text(max_size=10)
)
