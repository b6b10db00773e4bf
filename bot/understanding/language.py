"""Per-message language identification: Spanish, English, or an unsupported language.

Spanish and English are counted on the normalised words (texting shorthand expanded: "q",
"xq", "dnd", "tb"; misspellings mended: "abla" is "habla", so "yo no abla bien espanol" stays
Spanish). Portuguese, French and Haitian Creole, common among migrants in Ecuador,
are counted on the words as written, by their distinctive words ("você", "preciso",
"trabalhar"; "je", "j'ai", "besoin"; "mwen", "bezwen", "kijan") and letters (ã, õ, ç, ò), with
a weight for how sure each one is. Words they share with Spanish ("a", "o", "no", "para",
"de", "que", "por favor") count for none of them, so a Spanish text is never taken for
Portuguese on its function words: another language wins only with words Spanish and English
do not have, and more of them than Spanish or English words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.knowledge.models import KnowledgeBase
from bot.textcache import remembers_texts
from bot.understanding.normalize import fold_accents, normalize

SUPPORTED = ("es", "en")
FOREIGN = ("pt", "fr", "ht")


def _vocabulary(words: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(words.split())


_WORDS: dict[str, frozenset[str]] = {
    "es": _vocabulary(
        """
        que de la el en y a los las un una por para con no si mi me tengo puedo como donde
        cuando quiero necesito hola buenas gracias ayuda estoy soy es hay mis su sus del al lo
        le se ya pero porque cual quien tambien trabajo salud papeles cedula hijo hija esposo
        mujer sin ir hacer sacar tramite visa buenos buen dias tardes noches ayudame ayudeme
        favor usted ustedes nos vivo llegue vine pueden puede saber hablar persona yo te les
        esta este hablo estan tiene tienen espanol ayudenme ahora necesita tenemos quiere
        dice dijo cuanto cuesta muy mucho hoy ayer esto eso algo alguien ella ellos hijos
        trabajar conseguir bien habla hablar poco nada aqui alla mama papa niño niños dinero
        casa escuela medico enfermo enferma mañana dinero ayudar sabe entiendo tiempo donde
        eres tienes puedes quieres nosotros vamos voy tambien todavia entonces pues hago
        """
    ),
    "en": _vocabulary(
        """
        the a an of to and in is are i my me you your can how where what when do does want
        need hello hi thanks thank help am have has with without for from get work please
        doctor school job visa refugee it this that be will would should could there here
        talk person someone english speak answer some water time send good morning evening
        night know tell give go going come they them we our he she his her not at on by about
        just now today why who which if or but so all any more much very was were did got
        lawyer money family children kids wife husband country live stay pay
        """
    ),
}
# Words that appear in several languages and carry no signal on their own.
_SHARED = frozenset({"a", "no", "me", "visa", "para", "com", "como", "de", "e", "o", "ou", "pa"})


def _weights(**tiers: str) -> dict[str, int]:
    """`strong="..."`, `clear="..."`, `weak="..."`: words worth 3, 2 and 1."""
    worth = {"strong": 3, "clear": 2, "weak": 1}
    return {word: worth[tier] for tier, words in tiers.items() for word in words.split()}


# Accent-folded words of the languages we do not speak. Strong: no Spanish or English speaker
# writes it. Clear: rare in Spanish and English texting. Weak: also a Spanish or English word
# or abbreviation now and then ("sim" card, "um", "ai" for "ahi", "comment", "pale").
_FOREIGN: dict[str, dict[str, int]] = {
    "pt": _weights(
        strong="""
        voce voces vc nao obrigado obrigada obg trabalhar trabalho trabalhando equador tenho
        estou estao ajuda ajudar ajude ajudem fazer faco faz fica posso podem minha
        minhas meu meus muito muita isso entao ainda depois hoje amanha ontem filho filha
        filhos filhas mulher dinheiro emprego espanhol vou tambem nossa nosso vcs
        """,
        clear="""
        eu sou tem quero preciso precisa precisamos isto quando bom boa noite tudo bem pode
        ficar morar saude fala falar falo eles elas pela ao aos agora sei mim uma
        documentacao informacao sao
        """,
        weak="sim um em com na nas os pelo mais da portugues oi moro onde ele ela",
    ),
    "fr": _weights(
        strong="""
        je bonjour bonsoir merci besoin vous avec suis oui svp avocat equateur pourquoi
        travailler aider aidez peux veux cette dans ils sont etre avoir faire ici quand
        enfant enfants femme papiers logement parler parlez espagnol anglais plait urgence
        medecin maison travaille cherche quelle beaucoup rien aussi secours pouvez
        """,
        clear="""
        francais quoi travail puis sais nous moi du aux pas il elle une et pour
        salut parle fait hopital quel encore
        """,
        weak="ai ce les ma mais qui ou sur non comment mari tout toi des est",
    ),
    "ht": _weights(
        strong="""
        mwen bezwen kijan kouman travay bonjou bonswa mesi tanpri konnen vle pou kote ede
        ekwate papye pitit timoun madanm lajan yon panyol kisa poukisa dokiman lopital dokte
        fanm byen pral konn jwenn isit kounye kounya anpil grangou lekol
        """,
        clear="nou li gen ki ka nan avek kapab kreyol souple tout rele sak ou",
        weak="ap sa fe pale ale sou non mari map wi mande",
    ),
}
# Letters only some of these languages write: ã õ (Portuguese), ç (Portuguese, French),
# ò (Creole), è (French, Creole), ê â ô (Portuguese, French); ñ ¿ ¡ (Spanish).
_LETTERS: dict[str, dict[str, int]] = {
    "ã": {"pt": 3},
    "õ": {"pt": 3},
    "ç": {"pt": 2, "fr": 2},
    "ò": {"ht": 3},
    "è": {"fr": 1, "ht": 2},
    "ê": {"pt": 1, "fr": 1},
    "â": {"pt": 1, "fr": 1},
    "ô": {"pt": 1, "fr": 1},
}
_SPANISH_MARKS = ("ñ", "¿", "¡")
# French elisions: j'ai, d'un, l'avocat, qu'est-ce, n'ai, c'est, s'il, t'as; m' is also Creole
# (m'ap, m'bezwen). The apostrophe must sit between letters, so "don't" and "i'm" stay out.
_ELISION = re.compile(r"(?<![^\W\d_])(j|d|l|qu|n|c|s|t|m)['’](?=[^\W\d_])")
_ELIDED = {"j": {"fr": 3}, "m": {"fr": 1, "ht": 1}}  # the others: {"fr": 1}
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_LETTERS_RUN = re.compile(r"[^\W\d_]+")
# A single word is another language only when it is unmistakable ("bonjour", "obrigado").
_ONE_WORD = 3
_ENOUGH = 2


def _foreign_scores(text: str) -> dict[str, int]:
    lowered = _REPEATS.sub(r"\1", text[:600].lower())
    scores = dict.fromkeys(FOREIGN, 0)
    for elided in _ELISION.findall(lowered):
        for lang, worth in _ELIDED.get(elided, {"fr": 1}).items():
            scores[lang] += worth
    for word in _LETTERS_RUN.findall(lowered):
        for letter, marks in _LETTERS.items():
            if letter in word:
                for lang, worth in marks.items():
                    scores[lang] += worth
        plain = fold_accents(word)
        for lang in FOREIGN:
            scores[lang] += _FOREIGN[lang].get(plain, 0)
    return scores


def _supported_scores(text: str) -> dict[str, int]:
    words = [w for w in normalize(text).split() if w not in _SHARED]
    scores = {lang: sum(w in _WORDS[lang] for w in words) for lang in SUPPORTED}
    lowered = text[:600].lower()
    scores["es"] += 2 * sum(mark in lowered for mark in _SPANISH_MARKS)
    return scores


def identify(text: str, *, default: str | None = None) -> str | None:
    """The most likely language code, or `default` when the text carries no signal."""
    tied = _leaders(text)
    if not tied:
        return default
    if len(tied) > 1:
        return default if default in tied else tied[0]
    return tied[0]


@remembers_texts
@lru_cache(maxsize=2048)
def _leaders(text: str) -> tuple[str, ...]:
    """The language a text is clearly in, or the languages of ours tied for it (none: no
    signal). Cached: a turn identifies the same message about four times (issue 19)."""
    supported, foreign = _supported_scores(text), _foreign_scores(text)
    other = max(foreign, key=lambda lang: foreign[lang])
    ours = max(supported.values())
    if foreign[other] >= _ENOUGH and foreign[other] > ours:
        return (other,)
    if ours == 0:
        return ()
    return tuple(lang for lang in SUPPORTED if supported[lang] == ours)


def unsupported(text: str) -> str | None:
    """The language we do not speak that this message is clearly written in, if any: a whole
    sentence in it, or one unmistakable word ("bonjour", "obrigado", "mèsi")."""
    lang = identify(text)
    if lang is None or is_supported(lang):
        return None
    if len(_LETTERS_RUN.findall(text)) < 2 and _foreign_scores(text)[lang] < _ONE_WORD:
        return None
    return lang


# A message in a language we do not speak that also carries this many Spanish or English words
# ("bonjou, mwen malad, tengo fiebre 3 dias, puedo ir al centro de salud?") may be answered in
# Spanish when its reading is a sure article (engine router): the writer reads some Spanish.
MIXED_WORDS = 2


# A word of our own articles counts as Spanish or English when it is this long and no word of
# the languages we do not speak ("hospital publico atiende haitianos sin documento": four).
_KNOWN_LENGTH = 4
_LISTED = _WORDS["es"] | _WORDS["en"]  # counted already by _supported_scores

_article_words: tuple[KnowledgeBase, frozenset[str]] | None = None


def article_words(kb: KnowledgeBase) -> frozenset[str]:
    """The normalised words of the articles' titles, short answers and bodies, as we wrote them
    (not their questions, where people's Creole or Portuguese words can sit): what a message
    partly in another language shares with our Spanish and English. Computed once for the
    process's knowledge base, again when another one is passed (#16)."""
    global _article_words
    if _article_words is None or _article_words[0] is not kb:
        words: set[str] = set()
        for article in kb.articles.values():
            for text in (article.title, article.sms, article.body):
                words.update(_LETTERS_RUN.findall(normalize(text)))
        _article_words = (kb, frozenset(words))
    return _article_words[1]


def carries_ours(text: str, known: frozenset[str] = frozenset()) -> bool:
    """Spanish or English words enough, beside another language, to read a question in them.

    `known`: the normalised words of the articles' own text (`article_words`), so that
    the words of the question itself count ("bonswa, mwen pa gen papye. hospital publico
    atiende haitianos sin documento?"), not only the everyday words of the lists above."""
    if max(_supported_scores(text).values()) >= MIXED_WORDS:
        return True
    found = {
        word
        for word in _LETTERS_RUN.findall(normalize(text))
        if len(word) >= _KNOWN_LENGTH
        and word in known
        and word not in _LISTED
        and not any(word in _FOREIGN[lang] for lang in FOREIGN)
    }
    # On their own: one shared word is no sign ("nao tenho documentos, posso trabalhar aqui?"
    # is Portuguese, whose words Spanish often shares).
    if len(found) >= MIXED_WORDS:
        return True
    return identify(text) == "ht" and _spanish_in_creole(text, known)


def _spanish_in_creole(text: str, known: frozenset[str]) -> bool:
    """A Spanish word written into Creole: "subcentro me atiende? mwen pa gen papye", "mwen vle
    mande refij, como hago?" (topic development set 32, 2026-12-06). Creole spells its words its
    own way ("dokiman", "lopital", "refij"), so, unlike Portuguese or French, one word of our
    Spanish lists or of our articles' text is a sign that the writer reads some Spanish. The
    words are taken as written: normalising turns the Creole "pa" (not) into "para"."""
    return any(
        len(word) >= 3
        and word not in _SHARED
        and (word in _WORDS["es"] or word in known)
        and not any(word in _FOREIGN[lang] for lang in FOREIGN)
        for word in _LETTERS_RUN.findall(fold_accents(text.lower()))
    )


def is_supported(lang: str | None) -> bool:
    """True for the languages the assistant answers in."""
    return lang in SUPPORTED
