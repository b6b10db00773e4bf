"""GSM-7 aware SMS text: transliteration, encoding detection and segment counting.

Spanish keeps ñ, é, ü, ¿ and ¡ in GSM-7 (3GPP TS 23.038), but á, í, ó and ú are not in it: one of
them switches a whole message to UCS-2 and cuts a segment from 160 to 70 characters. We fold them
to plain vowels before sending, so a person with little credit pays for as few segments as possible.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

# The basic table, one septet each (3GPP TS 23.038, default alphabet).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: escape + character, two septets each.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_GSM7, MULTI_GSM7 = 160, 153
SINGLE_UCS2, MULTI_UCS2 = 70, 67

_TRANSLITERATION = {
    "á": "a",
    "í": "i",
    "ó": "o",
    "ú": "u",
    "Á": "A",
    "Í": "I",
    "Ó": "O",
    "Ú": "U",
    "â": "a",
    "ê": "e",
    "î": "i",
    "ô": "o",
    "û": "u",
    "ã": "a",
    "õ": "o",
    "ç": "c",
    "Â": "A",
    "Ê": "E",
    "Î": "I",
    "Ô": "O",
    "Û": "U",
    "Ã": "A",
    "Õ": "O",
    "È": "E",
    "º": "o",
    "ª": "a",
    "°": "o",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "´": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\u2022": "-",
    "\t": " ",
}


def transliterate(text: str) -> str:
    """Fold characters outside GSM-7 to their GSM-7 look-alikes, keeping ñ é ü ¿ ¡."""
    return "".join(_TRANSLITERATION.get(char, char) for char in text)


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 basic or extension table."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def encoding_of(text: str) -> Encoding:
    """The encoding a handset would use for this exact text."""
    return "GSM-7" if is_gsm7(text) else "UCS-2"


def units(text: str) -> int:
    """Length in the units that count toward segments: septets or UTF-16 code units."""
    if is_gsm7(text):
        return sum(2 if char in GSM7_EXTENSION else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def segment_count(text: str) -> int:
    """How many SMS segments this exact text costs (160/153 GSM-7, 70/67 UCS-2)."""
    length = units(text)
    if length == 0:
        return 1
    single, multi = (SINGLE_GSM7, MULTI_GSM7) if is_gsm7(text) else (SINGLE_UCS2, MULTI_UCS2)
    if length <= single:
        return 1
    return -(-length // multi)


@dataclass(frozen=True, slots=True)
class SmsText:
    """A text as it will be sent, with its cost."""

    text: str
    encoding: Encoding
    segments: int


def prepare(text: str) -> SmsText:
    """Transliterate for SMS and measure the result."""
    folded = transliterate(text)
    return SmsText(folded, encoding_of(folded), segment_count(folded))


def capacity(segments: int, encoding: Encoding = "GSM-7") -> int:
    """How many units fit in that many segments."""
    single, multi = (SINGLE_GSM7, MULTI_GSM7) if encoding == "GSM-7" else (SINGLE_UCS2, MULTI_UCS2)
    return single if segments == 1 else multi * segments


def strip_to_gsm7(text: str) -> str:
    """Last resort for free text: transliterate, then drop what still is not GSM-7 (emoji)."""
    folded = transliterate(text)
    out = []
    for char in folded:
        if char in GSM7_BASIC or char in GSM7_EXTENSION:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        if base and (base in GSM7_BASIC):
            out.append(base)
    return "".join(out)


def cut_to_fit(text: str, limit_units: int) -> tuple[str, str]:
    """Split text so the head fits `limit_units`, at a sentence or word boundary when possible."""
    if units(text) <= limit_units:
        return text, ""
    cut = 0
    used = 0
    gsm = is_gsm7(text)
    for index, char in enumerate(text):
        cost = (2 if char in GSM7_EXTENSION else 1) if gsm else len(char.encode("utf-16-le")) // 2
        if used + cost > limit_units:
            break
        used += cost
        cut = index + 1
    head = text[:cut]
    for marks in ("\n", ". ", "? ", "! ", "; ", ", ", " "):
        position = head.rfind(marks)
        if position >= limit_units // 2:
            cut = position + len(marks.rstrip(" ")) if marks != "\n" else position
            break
    return text[:cut].rstrip(), text[cut:].lstrip()


# Plain ASCII for local short-code routes (LabsMobile's Ecuador rules): no accents, no ñ, no
# quotation marks, no question or exclamation marks. A question keeps its meaning as a sentence.
_ASCII_DROP = frozenset("¿¡\"'`´^~\\|")
_ASCII_SENTENCE_END = frozenset("?!")
_ASCII_SWAP = {"{": "(", "}": ")", "[": "(", "]": ")", "€": "EUR", "£": "GBP", "¥": "JPY"}


def to_ascii(text: str) -> str:
    """Fold a text to printable ASCII: á->a, ñ->n, drop quotes and ¿ ¡, end ? and ! with a full
    stop (none when a full stop or the end follows), drop anything else outside ASCII."""
    folded = transliterate(text)
    out: list[str] = []
    for index, char in enumerate(folded):
        if char in _ASCII_DROP:
            continue
        if char in _ASCII_SENTENCE_END:
            following = folded[index + 1 : index + 2]
            previous = out[-1] if out else ""
            if following.strip() and following not in "?!":
                out.append(" " if previous != " " else "")
            elif previous not in ".:;, \n" and (not following or following in " \n"):
                out.append(".")
            continue
        if char in _ASCII_SWAP:
            out.append(_ASCII_SWAP[char])
            continue
        if char == "\n" or " " <= char <= "~":
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        if base and " " <= base <= "~" and base not in _ASCII_DROP:
            out.append(base)
    return "".join(out)


def is_plain_ascii(text: str) -> bool:
    """True when a strict ASCII route accepts the text as it is."""
    return all(char == "\n" or " " <= char <= "~" for char in text) and not any(
        char in _ASCII_DROP or char in _ASCII_SENTENCE_END for char in text
    )
