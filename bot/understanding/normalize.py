"""Text normalisation shared by training and parsing: case, accents, repeats, SMS shorthand."""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 600  # a 10,000-character message is understood from a bounded prefix

ABBREVIATIONS: dict[str, str] = {
    "q": "que",
    "k": "que",
    "ke": "que",
    "xq": "porque",
    "pq": "porque",
    "xk": "porque",
    "porq": "porque",
    "x": "por",
    "dnd": "donde",
    "dnde": "donde",
    "tb": "tambien",
    "tmb": "tambien",
    "tbn": "tambien",
    "pa": "para",
    "d": "de",
    "kiero": "quiero",
    "toy": "estoy",
    "ud": "usted",
    "uds": "ustedes",
    "bn": "bien",
    "msj": "mensaje",
    "tlf": "telefono",
    "telf": "telefono",
    "cel": "celular",
    "info": "informacion",
    "hno": "hermano",
    "hna": "hermana",
    "nd": "nada",
    "ntp": "no te preocupes",
    "xfa": "por favor",
    "xfavor": "por favor",
    "porfa": "por favor",
    "plis": "por favor",
    "pls": "please",
    "plz": "please",
    "u": "you",
    "ur": "your",
    "r": "are",
    "thx": "thanks",
    "ty": "thank you",
    "im": "i am",
    "dont": "do not",
    "cant": "can not",
    "wanna": "want to",
    "gonna": "going to",
    "hw": "how",
    "wat": "what",
    "wht": "what",
    "abt": "about",
    "kien": "quien",
    "kuando": "cuando",
    "kual": "cual",
    "kmo": "como",
    "cmo": "como",
    "aki": "aqui",
    "asi": "asi",
    "doc": "documento",
    "docs": "documentos",
    "tmp": "tampoco",
    "sra": "senora",
    "sr": "senor",
    "hrs": "horas",
    "min": "minutos",
    "bb": "bebe",
    "ecu": "ecuador",
    "vzla": "venezuela",
    "venez": "venezuela",
    "col": "colombia",
}

_WORD = re.compile(r"[a-z0-9ñ]+")


def fold_accents(text: str) -> str:
    """Remove accents but keep ñ."""
    text = text.replace("ñ", "\0").replace("Ñ", "\0")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("\0", "ñ")


def normalize(text: str) -> str:
    """The form every backend-side comparison uses: lowercase, folded, expanded, bounded."""
    text = fold_accents(text[:MAX_CHARS].lower())
    text = re.sub(r"(.)\1{2,}", r"\1", text)  # holaaaa -> hola, keeps ll and rr
    words = [ABBREVIATIONS.get(word, word) for word in _WORD.findall(text)]
    return " ".join(words)


def tokens(text: str) -> list[str]:
    """Normalised word tokens."""
    return normalize(text).split()


def has_letters(text: str) -> bool:
    """True when the message has at least one letter or digit (not only emoji or symbols)."""
    return any(ch.isalnum() for ch in text)
