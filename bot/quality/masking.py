"""Masking for the content-gap list: numbers, e-mail addresses and names never reach it."""

from __future__ import annotations

import re

from bot.knowledge.places import CITIES, PROVINCES, fold

PREVIEW_CHARS = 90
# Phone numbers, ids, amounts: any run of 3+ digits, with the spaces, dots and dashes inside it.
_DIGITS = re.compile(r"\+?\d[\d\s().-]{1,}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def mask(text: str) -> str:
    """Numbers (3 digits or more) and e-mail addresses replaced by `•••`."""
    text = _EMAIL.sub("•••@•••", text)
    return _DIGITS.sub(
        lambda m: "•••" if sum(ch.isdigit() for ch in m.group()) >= 3 else m.group(), text
    )


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """One masked line of at most `limit` characters."""
    line = " ".join(mask(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


NAME = "[nombre]"
# "me llamo Ana", "mi nombre es Ana María", "soy Luis", "my name is Ann", "I'm John".
_INTRODUCED = re.compile(
    r"(?i)\b(me llamo|mi nombre es|soy|my name is|i am|i'm|im)\s+"
    r"(?-i:[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){0,3})"
)
_CAPITALISED = re.compile(r"(?<=[\w,;:] )[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+")
_PLACES = {fold(c.name) for c in CITIES} | {fold(name) for name in PROVINCES.values()}
# Capitalised mid-sentence words that are not names.
_KEEP = {"ecuador", "colombia", "venezuela", "peru", "cuba", "haiti", "mercosur", "acnur", "iess"}


def mask_names(text: str) -> str:
    """Names a person gave ("me llamo Ana") and capitalised words inside a sentence that are
    not places become `[nombre]`."""
    text = _INTRODUCED.sub(lambda m: f"{m.group(1)} {NAME}", text)

    def other(match: re.Match[str]) -> str:
        word = fold(match.group())
        return match.group() if word in _PLACES or word in _KEEP else NAME

    return _CAPITALISED.sub(other, text)


def mask_question(text: str) -> str:
    """A question as the quality page may show it."""
    return " ".join(mask_names(mask(text)).split())[:300]
