"""Follow-ups: short messages that only make sense against the last answer.

"y cuánto cuesta?", "y dónde?", "y si no tengo pasaporte", "and for my kids?" name no topic of
their own. This module reads their shape and the part of an answer they ask for (an article's
`facets`: cost, where, documents, time); the dialogue decides what they refer to.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.knowledge.places import find_place
from bot.textcache import remembers_texts
from bot.understanding.normalize import normalize

FACET_PATTERNS: dict[str, re.Pattern[str]] = {
    "cost": re.compile(
        r"\b(cuanto (cuesta|vale|cobran|sale|se paga|hay que pagar|pago|es|me cobran|cobra)|"
        r"cuanto (me|le|les|te|nos) (sale|salen|cobra|cobran|cuesta|cuestan)|pagarle|pagarles|"
        r"pagarlo|pagarla|pagarlos|pagarlas|cuanto (me|le|nos|les) va a salir|sale caro|"
        r"precio|costo|costos|cuesta|cuestan|vale plata|se paga|hay que pagar|es gratis|gratis|"
        r"gratuito|tiene costo|cobran|cobra|cobrar|cobrarme|cobrame|pagar|pago|paga|es pago|"
        r"cuanto costa|costa eso|impuesto|impuestos|tasa|tarifa|valor|cuanta plata|"
        r"how much|cost|costs|cost anything|fee|fees|price|is it free|free|free of charge|pay|"
        r"charge|charges|paid|expensive|tax|taxes)\b"
    ),
    "where": re.compile(
        r"\b(donde|adonde|onde|a que oficina|que oficina|en que oficina|oficina|en que lugar|"
        r"a que lugar|que lugar|ante quien|a quien|con quien|en linea|por internet|online|"
        r"presencial|direccion|ubicacion|en que ciudad|que ciudad|a quien le (digo|aviso|reclamo)|"
        r"(a|en|de) (cual|que|q) (hospital|centro|centro de salud|oficina|lugar|sitio|escuela|"
        r"aeropuerto|distrito|registro civil|ciudad|agencia|sede)|"
        r"(a|en) cual (voy|vamos|van|ir|acudo)|cual (hospital|centro|oficina)|"
        r"which (hospital|clinic|office|place|one do i go|school|airport|district|registro civil|"
        r"branch|city)|"
        r"where|which office|what office|office|offices|institution|closest|nearest|near|"
        r"address|location|located|which city|"
        r"who do i (ask|go to|see|complain to|call|tell))\b"
    ),
    "documents": re.compile(
        r"\b(que (documentos|papeles|requisitos|necesito|me piden|piden|debo llevar|llevo)|"
        # "y q tengo q llevar?" at the start (not "el bus que me lleva a quito")
        r"^((y|e|entonces|pero) )?(que|q) ((le|les|me|te|nos|lo|la) )?"
        r"((tengo|tiene|tenemos) (que|q) |hay (que|q) |debo |debe )?"
        r"(llevar|llevo|lleva|llevamos|presentar|presento|mostrar|muestro|ensenar)|"
        r"(que|q) pruebas|what (document|documents|papers) do (i|we) (show|need|bring)|"
        # "y pa ese examen q tiene q llevar" (not "tengo que llevar a mi hijo")
        r"(tengo|tiene|tenemos|hay|debo|debe) (que|q) (llevar|presentar)\b(?! (a|al) )|"
        r"what (do|should|must) (i|we) (bring|take|show)|"
        r"que (me )?(van a |vas a )?(pedir|piden|exigen|solicitan)|what do (they|i) need|"
        r"requisitos|requisito|documentos|documento|papeles|papel|antecedentes|dokiman|"
        r"(me|le|les|te|nos) (piden|pide|van a pedir|exigen)|"
        r"(piden|pide|necesito|necesita|llevar|llevo|hace falta|sirve)"
        r"( (el|la|los|las|mi|su|un|una))? (pasaporte|pasaportes|cedula|visa|partida|certificado)|"
        # "y si no tengo pasaporte": the document named is part of the follow-up, not a subject
        # of its own that could pull the message away from the thread
        r"si no tengo( (el|la|mi|un|una))? (pasaporte|cedula|papeles|documentos|visa)|"
        r"si no tengo|sin (pasaporte|cedula|papeles|documentos)|"
        r"what (documents|papers|do i need|do they ask)|requirements|documents|papers|"
        r"criminal record|(need|needs|bring|ask for|asks for|show)( (my|a|an|the|his|her|their))? "
        r"(passport|passports|id|id card|papers|documents|visa|birth certificate)|"
        r"if i (do not|dont) have( (a|an|my))? (passport|id|papers|documents|visa)|"
        r"if i (do not|dont) have|without (a )?(passport|papers|documents|id))\b"
    ),
    "time": re.compile(
        r"\b(cuanto (tarda|demora|tiempo|se demora|se tarda|demoran|tardan|dura)|"
        r"cuantos (dias|meses|semanas)|cuando|plazo|hasta cuando|se demora|demora|tarda|"
        r"demoran|tardan|horario|horarios|a que hora|que hora|desde cuando|vigencia|"
        r"cuanto dura|dura (otros|otra|mas|hasta)|a tiempo|24 horas|que dias|"
        r"how long|when|since when|deadline|valid for|how many( more| extra)? (days|weeks|months)|"
        r"what time|cuantos (dias|meses) (mas|extra)|"
        r"opening hours|hours|24 hours|too late|time limit|"
        # "is that line open at night?", "desde q mes tengo q empezar los controles?"
        r"open (at night|on weekends|on sundays|all day|late|24)|abiert[oa] (de noche|en la noche|"
        r"los (fines|sabados|domingos))|atiende(n)? (de noche|en la noche|los (fines|sabados|"
        r"domingos))|desde (que|q) (mes|semana|edad|dia)|a partir de (que|q) (mes|semana|edad))\b"
    ),
}
# The order facets are tried in: "cuanto tiempo" is time even though "cuanto" opens cost.
FACET_ORDER = ("time", "cost", "where", "documents")
# "y donde la pago?" asks where to pay, not what it costs (topic development set 4).
_WHERE_TO_PAY = re.compile(
    r"\b(donde|adonde|where)( (se|la|lo|las|los|i|do i))? (pago|paga|pagar|pay)\b"
)
# Longer openers first: "y si" must not stop at "y".
_OPENERS = re.compile(
    r"^(and what about|what about|how about|what if|and if|even if|y que tal|y que pasa|y si|"
    r"y aunque|aunque|incluso si|"
    r"o sea|osea|y|e|and|pero|but|entonces|so|tambien|also|ademas)\b"
)
# "y si soy irregular?", "what if I have no passport": the same matter under a condition.
_CONDITION = re.compile(
    r"^(y si|e si|what if|and if|and what if|pero si|but if|si|even if|and even if|y aunque|"
    r"aunque|incluso si|y incluso si)\b"
)
# Said before a follow-up, meaning nothing of its own: "ok y en guayaquil?".
# The words that only acknowledge an answer (danger.py sets them aside before a fear too).
ACKNOWLEDGEMENTS = (
    r"ok|okay|oki|okis|okey|vale|listo|ya veo|ya|bueno|perfecto|entiendo|entendido|entendi|"
    r"ah|aja|mmm|mm|m|hm|hmm|pues|dale|chevere|de acuerdo|i see|alright|right|got it|great|cool"
)
_ACKNOWLEDGED = re.compile(r"^((" + ACKNOWLEDGEMENTS + r")\b[\s,]*)+")
# "y?", "ok y?", "y entonces?", "and then?": go on about the same answer.
_CONTINUATION = re.compile(
    r"^(y|e|and|so|entonces|pero)?( ?(entonces|luego|despues|ahora|que mas|algo mas|que sigue|"
    r"que hago|que hago ahora|que debo hacer|what else|anything else|then|now|next|"
    r"what now|what do i do|what next|hoy|mañana|manana|esta noche|today|tomorrow|tonight))*$"
)
_PEOPLE = (
    r"(hijo|hijos|hija|hijas|ninos|nino|nina|bebe|esposa|esposo|pareja|familia|mama|papa|"
    r"madre|padre|kids|kid|children|child|son|daughter|baby|wife|husband|family|mom|dad)"
)
_FOR_WHOM = re.compile(
    r"\b(para|por|de|for|about|with)( (mi|mis|el|la|los|las|my|our|the))? " + _PEOPLE + r"\b"
)
# The people a follow-up asks about, and "the same?" said of them ("and my wife and kids, same
# thing?"): who the last answer is for, not a subject of their own.
_PEOPLE_NAMED = re.compile(
    r"\b((mi|mis|my|our|su|sus|his|her|the|el|la|los|las) )?" + _PEOPLE + r"\b|"
    r"\b(same thing|the same|lo mismo|igual|too|as well|tambien)\b"
)
# "ok y en guayaquil?", "and in quito?": where, somewhere else.
_IN_PLACE = re.compile(
    r"^(y |e |and |entonces |so )?(en|in|at) [a-z]+( [a-z]+)?( (tb|tambien|too|also|hay|igual))*$"
)
# Follow-ups are short: a long message carries its own question, unless every word of it is a
# follow-up's own ("y eso se hace en linea o tengo que ir a una oficina?").
MAX_WORDS = 9
MAX_OWN_WORDS = 2
MAX_BARE_WORDS = 14


# Typed one key off ("cuabto", "documentso", "requsitos"): read as the word of a facet it nearly
# is, when the words a single edit away all name one facet. Real words one edit from a facet word
# ("cuarto" is a room, "cuenta" an account) are never changed.
_FACET_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("cuanto", "cuesta", "cuestan", "cobran", "precio", "gratis", "gratuito"), "cost"
    ),
    **dict.fromkeys(
        ("documentos", "requisitos", "papeles", "pasaporte", "antecedentes", "documents"),
        "documents",
    ),
    **dict.fromkeys(("requirements", "passport"), "documents"),
    **dict.fromkeys(("demora", "demoran", "horario"), "time"),
    **dict.fromkeys(("donde", "adonde", "direccion", "oficina", "address"), "where"),
}
_REAL_WORDS = frozenset(
    [
        "cuarto",
        "cuartos",
        "cuenta",
        "cuentas",
        "cuento",
        "cuentan",
        "cuantos",
        "cuantas",
        "cuanta",
        "cuando",
        "puesta",
        "precios",
        "oficinas",
        "horarios",
        "demore",
        "demoro",
        "demoras",
        "papel",
        "papelea",
        "ponde",
        "gratos",
        "ondes",
        "passports",
        "documento",
        "requisito",
        "addresses",
    ]
)


def _one_edit(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of two neighbours apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@remembers_texts
@lru_cache(maxsize=8192)
def _mended(word: str) -> str:
    """A facet word one edit away ("cuesta" for "cuseta"), else the word (cached: a turn asks
    about a few dozen words, most of them again and again; issue 19)."""
    if len(word) < 5 or word in _REAL_WORDS or word in _FACET_WORDS:
        return word
    near = [known for known in _FACET_WORDS if _one_edit(word, known)]
    # "documentso" is one edit from both "documentos" and "documents": the same facet either way
    return near[0] if near and len({_FACET_WORDS[k] for k in near}) == 1 else word


def body(text: str) -> str:
    """The message folded, without the acknowledgement it may open with ("ok, y ..."), its
    near-misses of facet words mended."""
    words = _ACKNOWLEDGED.sub("", normalize(text)).strip()
    return " ".join(_mended(word) for word in words.split())


# Papers in general, not a document of one procedure: "necesito ayuda con mis papeles".
_PAPERS = re.compile(r"\b(papeles|papeleo|documentos|documentacion|papers|documents)\b")


def asks_about_papers(text: str) -> bool:
    """Asks for help with one's papers in general, not as the next part of an answer: it names
    papers and does not open like a follow-up ("y que papeles piden?" does)."""
    words = body(text)
    return _PAPERS.search(words) is not None and _OPENERS.match(words) is None


def facet_of(text: str) -> str | None:
    """The part of an answer a message asks for, if any: cost, where, documents or time."""
    words = body(text)
    if _WHERE_TO_PAY.search(words):
        return "where"
    for name in FACET_ORDER:
        if FACET_PATTERNS[name].search(words):
            return name
    if _IN_PLACE.match(words):
        return "where"
    return None


def opens_with_own_question(text: str) -> bool:
    """A question of its own, then a part of it: "como saco la visa? y cuanto cuesta?" is a new
    question, not "and how much?" of the last answer (tried as a newcomer, 2026-12-06: it got
    the school article's cost)."""
    asked = [part for part in text.split("?") if part.strip()]
    # "is that bad? will they come to my house?" opens by pointing back: still the thread.
    return len(asked) > 1 and not (is_followup(asked[0]) or points_back(asked[0]))


def is_followup(text: str) -> bool:
    """Shaped like a follow-up: short, and opening with "y", "and", "what about"..., or only
    asking for a part of an answer ("cuanto cuesta?", "where can I report it?") or for whom
    ("para mis hijos"). Not a question of its own followed by a part of it
    (`opens_with_own_question`)."""
    if opens_with_own_question(text):
        return False
    words = body(text)
    if not words:
        return False  # "ok", "vale": an acknowledgement, not a question
    size = len(words.split())
    if size > MAX_WORDS:
        # A long message carries its own question, unless it opens as a follow-up and names at
        # most one thing of its own: "and how long does it take to get the money?", "y a donde
        # tengo que ir a pedir el cupo?" (topic development set 4).
        opened = _OPENERS.match(words) is not None and facet_of(text) is not None
        if size > MAX_BARE_WORDS or own_words(text) > (1 if opened else 0):
            return False
    if _OPENERS.search(words) or _FOR_WHOM.search(words) or is_continuation(text):
        return True
    if facet_of(text) is None:
        return False
    # A short question for a part of an answer may name one or two things of its own ("me piden
    # la cedula?", "is it free to call?"): the router reads it alone and in context to decide.
    return len(words.split()) <= 4 or own_words(text) <= MAX_OWN_WORDS


# Words that point back at the last answer: "y ese abogado hay q pagarlo?", "where is their
# office in Guayaquil?", "la prorroga esa cuanto vale" (follow-up development set 4). "eso de la
# amnistia" opens a matter of its own.
_POINTS_BACK = re.compile(
    r"\b(eso(?! de\b)|esa|ese|esos|esas|that|those|their|theirs|alli|ahi|"
    r"\w+(ar|er|ir)(telo|tela|melo|mela|selo|sela|lo|la|los|las))\b"
)
# Weaker: a new question may have them too ("can they deport me?").
_REFERS = re.compile(r"\b(it|its|they|them|one)\b")


def points_back(text: str) -> bool:
    """Points at the last answer with a demonstrative, "their" or a pronoun on a verb."""
    return _POINTS_BACK.search(body(text)) is not None


def refers_back(text: str) -> bool:
    """Points at the last answer, or may ("is it free?", "do they help Africans too?")."""
    words = body(text)
    return _POINTS_BACK.search(words) is not None or _REFERS.search(words) is not None


def is_acknowledgement(text: str) -> bool:
    """Only acknowledges the last answer: "ok", "ya", "entiendo", "mmm", "ah ok"."""
    norm = normalize(text)
    return bool(norm) and _ACKNOWLEDGED.match(norm) is not None and not body(text)


def is_continuation(text: str) -> bool:
    """Only asks to go on about the last answer: "y?", "ok y?", "and then?", "y ahora que hago"."""
    words = body(text)
    return bool(words) and _CONTINUATION.match(words) is not None


def is_condition(text: str) -> bool:
    """Asks about the same matter under a condition: "y si soy irregular?"."""
    return _CONDITION.search(body(text)) is not None


# Words any follow-up may use without naming a subject of its own: articles, pronouns, and the
# verbs of asking where to go, what to bring or how to complain ("y donde me quejo?").
_FILLER = re.compile(
    r"\b(y|e|o|and|or|pero|but|entonces|so|tambien|also|what|about|how|does|do|did|it|is|are|"
    r"es|son|la|el|los|las|un|una|unos|the|a|an|of|de|del|al|en|in|at|on|para|for|por|con|with|"
    r"me|te|se|lo|le|les|nos|mi|mis|tu|tus|su|sus|my|your|our|their|que|eso|esto|ese|esa|"
    r"that|this|those|to|i|yo|you|we|they|them|he|she|ahi|alli|alla|aqui|aca|there|here|"
    r"cuanto|cuanta|cuantos|cuantas|hay|tiene|tienen|tengo|has|have|had|si|if|no|not|dont|ok|"
    r"puedo|puede|pueden|podemos|can|could|debo|debe|should|must|tengo que|tiene que|"
    r"necesito|necesita|necesitan|need|needs|piden|pide|pedir|pido|ask|asks|llevo|llevar|bring|"
    r"hago|hacer|hace|hacen|do it|voy|ir|vamos|va|go|goes|get|got|take|takes|queda|quedan|"
    r"ser|estar|esta|estan|be|quejo|quejarme|quejar|queja|reclamo|reclamar|denuncio|denunciar|"
    r"denuncia|reporto|reportar|complain|report|appeal|apelo|atienden|atiende|dan|da|dar|"
    r"give|sale|salen|ayuda|help|mas|more|algo|anything|else|tramit\w*|abren|abre|cierran|"
    r"open|opens|close|responder|responden|contestan|resuelven|answer|which|cual|cuales|"
    r"sacar|saco|mismo|same|too|igual|ahora|now|entonces|then|luego|despues|pasa|happens|hoy|"
    r"mañana|manana|noche|today|tomorrow|tonight|first|primero|primera)\b"
)


# The papers a question for documents may name without changing the subject.
_DOCUMENT_NAMES = re.compile(
    r"\b(pasaporte|pasaportes|cedula|cedulas|partida|partida de nacimiento|certificado|"
    r"antecedentes|antecedentes penales|passport|passports|id|id card|birth certificate|"
    r"criminal record|record)\b"
)


def own_words(text: str, *, people: bool = True) -> int:
    """How many words the message has beyond the follow-up's own ("y", "cuanto cuesta", "la",
    "donde me quejo"): "y cuanto cuesta la visa" has one (visa), "and how much does it cost?"
    none. `people=False`: the people it asks about are not counted ("and my wife and kids, same
    thing?" has none)."""
    words = body(text)
    if not people:
        words = " ".join(_PEOPLE_NAMED.sub(" ", words).split())
    if _IN_PLACE.match(words):
        return 0  # "y en guayaquil?": the place is where, not a subject of its own
    documents = FACET_PATTERNS["documents"].search(words) is not None
    where = FACET_PATTERNS["where"].search(words) is not None
    for pattern in (*FACET_PATTERNS.values(), _OPENERS):
        words = pattern.sub(" ", words)
    if documents:
        words = _DOCUMENT_NAMES.sub(" ", words)  # "me piden la cedula?": the papers asked for
    left = _FILLER.sub(" ", words).split()
    if where:
        # "y en guayaquil dnd queda?": the town says where, it is not a subject of its own
        left = [word for word in left if find_place(word) is None]
    return len(left)


def is_for_whom(text: str) -> bool:
    """Asks whether the answer also holds for someone else ("and for my kids?")."""
    return _FOR_WHOM.search(body(text)) is not None
