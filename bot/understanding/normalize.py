"""Text normalisation shared by training and parsing: case, accents, repeats, SMS shorthand,
common misspellings, voseo and the slang of the people Rumbo serves (Venezuelan, Colombian and
Ecuadorian), each mapped to the plain word the articles and most training examples use."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.textcache import remembers_texts

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

# Misspellings that one edit from the training vocabulary would not fix, or would fix wrongly:
# a dropped h ("abla", "ijo"), s/c/z and b/v swaps, words run together.
SPELLING: dict[str, str] = {
    "abla": "habla",
    "ablo": "hablo",
    "ablar": "hablar",
    "ablan": "hablan",
    "aser": "hacer",
    "aora": "ahora",
    "haci": "asi",
    "ijo": "hijo",
    "ija": "hija",
    "ijos": "hijos",
    "ijas": "hijas",
    "ospital": "hospital",
    "tanbien": "tambien",
    "tambn": "tambien",
    "tmbn": "tambien",
    "porfavor": "por favor",
    "porfa": "por favor",
    "nadien": "nadie",
    "haiga": "haya",
    "sedula": "cedula",
    "zedula": "cedula",
    "cedla": "cedula",
    "bisa": "visa",
    "eskuela": "escuela",
    "escuala": "escuela",
    "muxo": "mucho",
    "mxo": "mucho",
    "dl": "del",
    "pr": "por",
    "bno": "bueno",
    "pz": "pues",
    "ps": "pues",
    "nc": "no se",
    "sbs": "sabes",
    "salu2": "saludos",
    "mñn": "mañana",
    "mñna": "mañana",
    "tons": "entonces",
    "ntons": "entonces",
    "aunq": "aunque",
    "tmpc": "tampoco",
    "rn": "right now",
    "tho": "though",
}
# Voseo (Colombia, parts of Ecuador and Venezuela; accents are already folded): the tú form.
VOSEO: dict[str, str] = {
    "vos": "tu",
    "sos": "eres",
    "tenes": "tienes",
    "podes": "puedes",
    "queres": "quieres",
    "decime": "dime",
    "contame": "cuentame",
    "deci": "di",
    "veni": "ven",
    "pensas": "piensas",
    "entendes": "entiendes",
    "tene": "ten",
}
# Slang for the things people ask about: work, money, children, police, migration, rent.
# "chamo" and "parcero" stay: they name a nationality (entities.py).
SLANG: dict[str, str] = {
    "chamba": "trabajo",
    "chambita": "trabajo",
    "chambear": "trabajar",
    "camello": "trabajo",
    "camellito": "trabajo",
    "camellar": "trabajar",
    "laburo": "trabajo",
    "curro": "trabajo",
    "plata": "dinero",
    "platica": "dinero",
    "reales": "dinero",
    "lucas": "dinero",
    "biyuyo": "dinero",
    "chamito": "niño",
    "chamita": "niña",
    "chamitos": "niños",
    "carajito": "niño",
    "carajita": "niña",
    "carajitos": "niños",
    "pelado": "niño",
    "pelada": "niña",
    "pelados": "niños",
    "pelao": "niño",
    "guambra": "niño",
    "guambras": "niños",
    "mijo": "hijo",
    "mija": "hija",
    "ñaño": "hermano",
    "ñaña": "hermana",
    "vaina": "cosa",
    "tombo": "policia",
    "tombos": "policia",
    "chapas": "policia",
    "migra": "migracion",
    "cachar": "entender",
    "arrendatario": "inquilino",
    "gringolandia": "estados unidos",
    "yoni": "estados unidos",
    "eeuu": "estados unidos",
}
_WORDS_MAP: dict[str, str] = {**ABBREVIATIONS, **SPELLING, **VOSEO, **SLANG}

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


@remembers_texts
@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """The form every backend-side comparison uses: lowercase, folded, expanded, bounded.

    Cached: a turn folds the same message about 20 times (pleasantries, follow-ups, the danger
    detector, the NLU), 0.4 ms of a 4.5 ms turn (issue 19)."""
    text = fold_accents(text[:MAX_CHARS].lower())
    text = _REPEATS.sub(r"\1", text)  # holaaaa -> hola, keeps ll and rr
    text = _CONTRACTION.sub(_join_contraction, text)
    words: list[str] = []
    for word in _WORD.findall(text):
        words.extend(_WORDS_MAP.get(word, word).split())
    return " ".join(words)


def tokens(text: str) -> list[str]:
    """Normalised word tokens."""
    return normalize(text).split()


def has_letters(text: str) -> bool:
    """True when the message has at least one letter or digit (not only emoji or symbols)."""
    return any(ch.isalnum() for ch in text)
