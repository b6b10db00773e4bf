"""Pleasantries are not the message: greetings, thanks and apologies around a question.

"hola buenas, como saco la visa? gracias" is a question about visas said politely. The splitter
sets aside the pleasantries at the start and the end of a message and returns what is left (the
question) with what was set aside (a greeting, thanks, an apology), so that the question is
understood on its own and the reply can still greet the person. A message that is only
pleasantries has an empty `core`. Safety never reads the core alone: the danger detector always
gets the whole message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding.base import FALLBACK_INTENT, ParseResult, Understanding
from bot.understanding.normalize import fold_accents

# Each pleasantry with the kind of greeting it is ("morning" greets back with "Buenos días").
# Folded (lowercase, no accents, repeated letters squeezed); matched as whole words.
GREETINGS: tuple[tuple[str, str], ...] = (
    (r"buen(?:os|as)? dias?", "morning"),
    (r"buenas tardes?", "afternoon"),
    (r"buenas noches?", "evening"),
    (r"good morning", "morning"),
    (r"good afternoon", "afternoon"),
    (r"good evening", "evening"),
    (r"(?:muy )?buenas", "hello"),
    (r"hola+|ola|hla|holis?|holi|alo|aloha|saludos|que tal|q tal", "hello"),
    (r"hello|hi|hey|hiya|greetings|good day|dear sir|dear madam", "hello"),
)
THANKS = (
    r"(?:muchas |mil |muchisimas )?gracias(?: de antemano| por (?:su|tu|la) (?:ayuda|atencion))?"
    r"|de antemano gracias|grax|grs|thank you(?: very much| so much| in advance)?"
    r"|thanks?(?: a lot| so much| in advance)?|thx|ty|tq"
)
APOLOGIES = (
    r"disculpe?(?: la molestia| las molestias)?|disculpame|disculpa la molestia"
    r"|perdon(?:e|a)?(?: la molestia| las molestias)?|perdoname|con permiso"
    r"|sorry(?: to bother(?: you)?)?|excuse me|pardon me"
)
# Said around a question, carrying no meaning of their own.
COURTESIES = (
    r"por favor|porfa(?:vor)?|xfa|xfavor|plis|please|pls|plz"
    r"|como (?:esta|estas|estan|esta usted|le va|te va)|espero (?:que )?(?:este|estes|esten) bien"
    r"|how are you|hope you are (?:well|fine|ok)"
    r"|dios (?:le|te|les) bendiga|bendiciones|god bless(?: you)?"
    r"|una (?:consulta|pregunta)|tengo una (?:consulta|pregunta)|a question|quick question"
)
# Urgency said around a question names no subject: "es urgente, mañana vence mi plazo" is about
# a deadline, not an emergency (it read as the emergency article at 0.84). The danger detector
# still reads the whole message, words of urgency included.
URGENCY = (
    r"(?:es |muy |super )?urgente|es (?:una )?urgencia|(?:it is |it s |its |very )?urgent"
    r"|lo antes posible|asap|rapido por favor"
)
# Excusing one's Spanish or English before or after a question ("yo no abla bien espanol,
# necesito ayuda con mis papeles"): alone, the whole message is still read (a language change).
LANGUAGE_EXCUSES = (
    r"(?:(?:yo )?no (?:hablo|habla|ablo|abla|se hablar|se) (?:muy |mucho |bien |muy bien )*"
    r"(?:el )?(?:espa[nñ]ol|espanish|castellano)(?: muy bien| bien| mucho)?"
    r"|(?:disculpe?|perdon(?:e|a|en)?)(?: por)? mi (?:espa[nñ]ol|castellano)"
    r"|mi (?:espa[nñ]ol|castellano) (?:no es (?:muy )?bueno|es malo)"
    r"|(?:sorry|excuse|pardon)(?: for)? my (?:bad |poor |broken )?(?:english|spanish)"
    r"|my (?:english|spanish) is (?:not (?:very |so )?good|bad|poor|broken))(?: pero| but)?"
)
# Only at the start ("hola amiga, ..."): at the end they can be the question's own words.
ADDRESSES = r"amig[oa]s?|senor(?:a|ita)?|sir|madam|my friend"
FAREWELLS = r"saludos(?: cordiales)?|bendiciones|cordialmente|regards"
_EDGE = r"[\s,.;:!¡?¿)(*~\-]*"
_ENDINGS = (
    (THANKS, "thanks"),
    (APOLOGIES, "apology"),
    (COURTESIES, "courtesy"),
    (LANGUAGE_EXCUSES, "excuse"),
    (URGENCY, "urgency"),
)
_PIECES: tuple[tuple[str, str], ...] = (
    *((pattern, f"greet:{kind}") for pattern, kind in GREETINGS),
    *_ENDINGS,
)
_LEADING = [
    (re.compile(rf"^{_EDGE}(?:{p})\b{_EDGE}"), kind)
    for p, kind in (*_PIECES, (ADDRESSES, "courtesy"))
]
_TRAILING = [
    (re.compile(rf"{_EDGE}\b(?:{p}){_EDGE}$"), kind)
    for p, kind in (*_ENDINGS, (FAREWELLS, "courtesy"))
]
_URGENT_WORD = re.compile(r"\b(?:urgente|urgentemente|urgent|urgently)\b")
_REPEATS = re.compile(r"([a-zñ])\1{2,}")
# Intents a pleasantry-only reading gives: the whole message is then read as it was written.
SMALL_TALK = frozenset({"greet", "thanks", "goodbye", "affirm", "deny", "out_of_scope"})


@dataclass(frozen=True, slots=True)
class Split:
    """A message with its pleasantries set aside."""

    core: str  # the question, folded (lowercase, no accents); "" when only pleasantries
    greeting: str | None = None  # morning | afternoon | evening | hello
    thanks: bool = False
    apology: bool = False
    urgency: bool = False  # "es urgente" was set aside
    excuse: bool = False  # "no hablo bien español" was set aside

    @property
    def polite(self) -> bool:
        """Something was set aside (an "a question"-like courtesy alone does not count)."""
        return (
            self.greeting is not None or self.thanks or self.apology or self.urgency or self.excuse
        )


def fold(text: str) -> str:
    """Lowercase, accents folded, repeated letters squeezed ("holaaa"), spaces collapsed."""
    folded = _REPEATS.sub(r"\1", fold_accents(text.lower()))
    return " ".join(folded.split())


def split(text: str) -> Split:
    """Set aside the pleasantries at the start and at the end of `text`."""
    rest = fold(text)
    kinds: list[str] = []
    for patterns, where in ((_LEADING, "start"), (_TRAILING, "end")):
        changed = True
        while changed and rest:
            changed = False
            for pattern, kind in patterns:
                found = pattern.search(rest)
                if found and found.group(0).strip(" ,.;:!¡?¿"):
                    rest = rest[: found.start()] if where == "end" else rest[found.end() :]
                    kinds.append(kind)
                    changed = True
                    break
    core = rest.strip(" ,.;:-")
    inside = " ".join(_URGENT_WORD.sub(" ", core).split())
    if inside != core and len(inside.split()) >= 2:
        # "necesito ayuda urgente con mi visa": about a visa (it read as the emergency article)
        core = inside
        kinds.append("urgency")
    if not any(ch.isalnum() for ch in core):
        core = ""
    greetings = [k.removeprefix("greet:") for k in kinds if k.startswith("greet:")]
    # "hola, buenos dias": the more particular greeting is the one to return.
    greeting = next((g for g in greetings if g != "hello"), greetings[0] if greetings else None)
    return Split(
        core,
        greeting,
        "thanks" in kinds,
        "apology" in kinds,
        "urgency" in kinds,
        "excuse" in kinds,
    )


async def parse_question(nlu: Understanding, text: str) -> ParseResult:
    """Understand the question inside a polite message; the whole message when it is only
    pleasantries ("hola, buenas tardes") or its core alone means nothing ("hola soy Ana")."""
    found = split(text)
    if not found.polite or not found.core:
        return await nlu.parse(text)
    core = await nlu.parse(found.core)
    if core.intent.name.startswith("kb."):
        return core
    # One word after a greeting ("hola? alguien?") is still small talk unless it names an
    # article ("hola, visa"): "alguien" alone would read as asking for a person.
    several_words = len(found.core.split()) >= 2
    if several_words and core.intent.name not in SMALL_TALK | {FALLBACK_INTENT}:
        return core
    if several_words and any(
        i.name.startswith("kb.") and i.confidence >= 0.2 for i in core.intent_ranking[:3]
    ):
        return core  # a weak reading of a question is still better than the welcome
    if found.urgency and several_words and core.intent.name == FALLBACK_INTENT:
        # "es urgente, mañana vence mi plazo": the words of urgency would pull the whole message
        # to the emergency article; not understanding the deadline is the honest reading.
        return core
    return await nlu.parse(text)
