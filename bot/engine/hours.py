"""Caseworkers' working days and hours: parsed from the settings, said in the person's language."""

from __future__ import annotations

from datetime import time

DAY_NAMES = {
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_JOIN = {"es": (" a ", " y "), "en": (" to ", " and ")}


def parse_days(spec: str) -> frozenset[int]:
    """`0-4`, `0-5`, `0,2,4` or `0-2,5` (0 = Monday) as a set of weekdays."""
    days: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        low, high = int(first), int(last or first)
        if not 0 <= low <= high <= 6:
            raise ValueError(f"bad working days {spec!r}: use 0-6 (0 = Monday), e.g. 0-4")
        days.update(range(low, high + 1))
    if not days:
        raise ValueError(f"bad working days {spec!r}: use 0-6 (0 = Monday), e.g. 0-4")
    return frozenset(days)


def _runs(days: frozenset[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for day in sorted(days):
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def days_in_words(days: frozenset[int], lang: str) -> str:
    """ "lunes a viernes", "Monday, Wednesday and Friday" (Spanish for an unknown language)."""
    names = DAY_NAMES.get(lang, DAY_NAMES["es"])
    to, last_and = _JOIN.get(lang, _JOIN["es"])
    parts = []
    for first, last in _runs(days):
        if first == last:
            parts.append(names[first])
        elif last == first + 1:
            parts.append(f"{names[first]}, {names[last]}")
        else:
            parts.append(f"{names[first]}{to}{names[last]}")
    words = ", ".join(parts).split(", ")
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + last_and + words[-1]


def hours_in_words(days: frozenset[int], start: time, end: time, lang: str) -> str:
    """ "lunes a viernes 08:00-17:00" in the person's language."""
    return f"{days_in_words(days, lang)} {start:%H:%M}-{end:%H:%M}"
