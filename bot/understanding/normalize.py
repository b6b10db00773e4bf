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
    "xa": "para",
    "pra": "para",
    "dsp": "despues",
    "dps": "despues",
    "tbm": "tambien",
    "grax": "gracias",
    "grs": "gracias",
    "hla": "hola",
    "sta": "esta",
    "stoy": "estoy",
    "toi": "estoy",
    "tamos": "estamos",
    "kn": "con",
    "cn": "con",
    "sn": "sin",
    "vd": "verdad",
    "pork": "porque",
    "nose": "no se",
    "salu": "salud",
    "tngo": "tengo",
    "tng": "tengo",
    "ncesito": "necesito",
    "nesecito": "necesito",
    "nesesito": "necesito",
    "kiere": "quiere",
    "qiero": "quiero",
    "mjr": "mejor",
    "hys": "hijos",
    "idk": "i do not know",
    "b4": "before",
    "2day": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "bc": "because",
    "bcz": "because",
    "cuz": "because",
    "coz": "because",
    "cos": "because",
    "ppl": "people",
    "gov": "government",
    "govt": "government",
    "pic": "picture",
    "ive": "i have",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "wont": "will not",
    "havent": "have not",
    "hasnt": "has not",
    "arent": "are not",
    "wasnt": "was not",
    "theyre": "they are",
    "youre": "you are",
    "whats": "what is",
    "wheres": "where is",
    "hows": "how is",
    "lemme": "let me",
    "gimme": "give me",
    "gotta": "got to",
}

_WORD = re.compile(r"[a-z0-9ñ]+")


def fold_accents(text: str) -> str:
    """Remove accents but keep ñ."""
    text = text.replace("ñ", "\0").replace("Ñ", "\0")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("\0", "ñ")


_REPEATS = re.compile(r"([a-zñ])\1{2,}")
# English contractions arrive as "don't", "don t" or "dont": join them before expanding.
_CONTRACTION = re.compile(r"\b(\w+)['’ ](t|s|m|re|ve|ll|d)\b")
_CONTRACTED = {"t", "s", "m", "re", "ve", "ll", "d"}


def _join_contraction(match: re.Match[str]) -> str:
    head, tail = match.group(1), match.group(2)
    if tail == "t" and head.endswith("n"):
        return head + tail  # don't -> dont (expanded below)
    if tail in ("m", "re", "ve", "ll") or (tail == "s" and head in ("what", "where", "how", "it")):
        return head + tail
    return match.group(0)


def normalize(text: str) -> str:
    """The form every backend-side comparison uses: lowercase, folded, expanded, bounded."""
    text = fold_accents(text[:MAX_CHARS].lower())
    text = _REPEATS.sub(r"\1", text)  # holaaaa -> hola, keeps ll and rr
    text = _CONTRACTION.sub(_join_contraction, text)
    words: list[str] = []
    for word in _WORD.findall(text):
        words.extend(ABBREVIATIONS.get(word, word).split())
    return " ".join(words)


def tokens(text: str) -> list[str]:
    """Normalised word tokens."""
    return normalize(text).split()


def has_letters(text: str) -> bool:
    """True when the message has at least one letter or digit (not only emoji or symbols)."""
    return any(ch.isalnum() for ch in text)
