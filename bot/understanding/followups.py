"""Follow-ups: short messages that only make sense against the last answer.

"y cuánto cuesta?", "y dónde?", "y si no tengo pasaporte", "and for my kids?" name no topic of
their own. This module reads their shape and the part of an answer they ask for (an article's
`facets`: cost, where, documents, time); the dialogue decides what they refer to.
"""

from __future__ import annotations

import re

from bot.understanding.normalize import normalize

FACET_PATTERNS: dict[str, re.Pattern[str]] = {
    "cost": re.compile(
        r"\b(cuanto (cuesta|vale|cobran|sale|se paga|hay que pagar|pago|es)|precio|costo|"
        r"cuesta|vale plata|se paga|hay que pagar|es gratis|gratis|tiene costo|"
        r"how much|cost|costs|fee|fees|price|is it free|free of charge|pay)\b"
    ),
    "where": re.compile(
        r"\b(donde|adonde|a que oficina|que oficina|en que lugar|a que lugar|where|which office)\b"
    ),
    "documents": re.compile(
        r"\b(que (documentos|papeles|requisitos|necesito|me piden|piden|debo llevar|llevo)|"
        r"requisitos|documentos|papeles|"
        # "y si no tengo pasaporte": the document named is part of the follow-up, not a subject
        # of its own that could pull the message away from the thread
        r"si no tengo( (el|la|mi|un|una))? (pasaporte|cedula|papeles|documentos|visa)|"
        r"si no tengo|sin (pasaporte|cedula|papeles|documentos)|"
        r"what (documents|papers|do i need|do they ask)|requirements|documents|papers|"
        r"if i (do not|dont) have( (a|an|my))? (passport|id|papers|documents|visa)|"
        r"if i (do not|dont) have|without (a )?(passport|papers|documents|id))\b"
    ),
    "time": re.compile(
        r"\b(cuanto (tarda|demora|tiempo|se demora|se tarda)|cuando|plazo|hasta cuando|"
        r"how long|when|deadline|how many days|cuantos dias)\b"
    ),
}
# The order facets are tried in: "cuanto tiempo" is time even though "cuanto" opens cost.
FACET_ORDER = ("time", "cost", "where", "documents")
_OPENERS = re.compile(
    r"^(y|e|and|pero|but|entonces|so|tambien|also|ademas|o sea|osea|what about|how about|"
    r"and what about|y que tal|y que pasa|what if|y si|and if)\b"
)
_FOR_WHOM = re.compile(
    r"\b(para|por|de|for|about|with)( (mi|mis|el|la|los|las|my|our|the))? "
    r"(hijo|hijos|hija|hijas|ninos|nino|nina|bebe|esposa|esposo|pareja|familia|mama|papa|"
    r"madre|padre|kids|kid|children|child|son|daughter|baby|wife|husband|family|mom|dad)\b"
)
# Follow-ups are short: a long message carries its own question.
MAX_WORDS = 9


def facet_of(text: str) -> str | None:
    """The part of an answer a message asks for, if any: cost, where, documents or time."""
    words = normalize(text)
    for name in FACET_ORDER:
        if FACET_PATTERNS[name].search(words):
            return name
    return None


def is_followup(text: str) -> bool:
    """Shaped like a follow-up: short, and opening with "y", "and", "what about"..., or only
    asking for a part of an answer ("cuanto cuesta?", "donde?") or for whom ("para mis hijos")."""
    words = normalize(text)
    if not words or len(words.split()) > MAX_WORDS:
        return False
    if _OPENERS.search(words) or _FOR_WHOM.search(words):
        return True
    return facet_of(text) is not None and len(words.split()) <= 4


_FILLER = re.compile(
    r"\b(y|e|and|pero|but|entonces|so|tambien|also|what|about|how|does|do|it|is|es|la|el|los|"
    r"las|un|una|the|a|an|of|de|del|para|for|me|te|se|lo|le|que|eso|esto|that|this|to|i|yo|"
    r"hay|there|ahi|alli|alla|aqui|tiene|tienen|has|have)\b"
)


def own_words(text: str) -> int:
    """How many words the message has beyond the follow-up's own ("y", "cuanto cuesta", "la"):
    "y cuanto cuesta la visa" has one (visa), "and how much does it cost?" none."""
    words = normalize(text)
    for pattern in (*FACET_PATTERNS.values(), _OPENERS):
        words = pattern.sub(" ", words)
    return len(_FILLER.sub(" ", words).split())


def is_for_whom(text: str) -> bool:
    """Asks whether the answer also holds for someone else ("and for my kids?")."""
    return _FOR_WHOM.search(normalize(text)) is not None
