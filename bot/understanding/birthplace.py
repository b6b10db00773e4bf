"""Where a child was born decides between the two articles on registering a birth (#16).

"mi hijo nacio en el hospital de Guayaquil hace 2 semanas, como lo inscribo?" was read as the
returnees' article on children born abroad (topic development sets 23-29: six such messages,
from parents of several countries), and "mi hija nacio en newark, yo soy de guayaquil, puede
ser ecuatoriana?" as the article on children born in Ecuador (set 33). The model weighs
"nacio" and "inscribo" more than the place. Where the birth was placed settles it, read in the
words right after the birth up to the next comma or full stop:

- the children-born-abroad reading becomes the born-in-Ecuador one when the birth is placed
  here (a town or province of Ecuador, "aqui", "en ecuador", "here") and nothing abroad is
  named in the message;
- the born-in-Ecuador reading becomes the born-abroad one when the birth is placed in a
  country or city abroad and the message says a parent is Ecuadorian or came back ("nacio en
  Venezuela" alone is a migrant's child, for whom the born-abroad article is not written).

The confidence stays as the model gave it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.knowledge.places import find_place
from bot.understanding.base import Intent, ParseResult
from bot.understanding.normalize import fold_accents

BORN_ABROAD = "kb.ret-children-born-abroad"
BORN_HERE = "kb.rights-children-born-ecuador"

# The birth and the words right after it, up to the next punctuation: "nacio en el hospital de
# manta", "was born in Quito", "born here".
_BIRTH = re.compile(
    r"\b(naci[oa]|nacieron|nacido|nacida|nacidos|nacidas|nazca|nacera|born|parto|dio a luz|"
    r"di a luz)\b((?: [^\W\d_]+){1,6})"
)
_HERE = re.compile(r"\b(aqui|aca|here|en ecuador|in ecuador|este pais|this country)\b")
_ABROAD = re.compile(
    r"\b(afuera|fuera|abroad|exterior|extranjero|españa|espana|spain|estados unidos|eeuu|ee uu|"
    r"usa|the us|the states|united states|america|new york|ny|new jersey|newark|queens|brooklyn|"
    r"bronx|connecticut|minneapolis|minnesota|chicago|los angeles|california|texas|florida|"
    r"miami|canada|italia|italy|milan|milano|genova|genoa|turin|torino|roma|rome|chile|"
    r"colombia|venezuela|peru|cuba|haiti|mexico|argentina|brasil|brazil|alemania|germany|"
    r"francia|france|paris|inglaterra|england|londres|london|belgica|holanda|suiza|madrid|"
    r"barcelona|valencia|murcia|sevilla|zaragoza|bilbao|santiago)\b"
)
# A parent who is Ecuadorian or came back: the born-abroad article is written for them.
_ECUADORIAN_PARENT = re.compile(
    r"\b(ecuatorian[oa]s?|ecuadorian|ecuadoreans?|retornad[oa]s?|retorno|retornante|volvimos|"
    r"regresamos|nos regresamos|nos venimos|came back|moved back|moving back|we returned|"
    r"back in ecuador|cuencan[oa]s?|quiteñ[oa]s?|quiten[oa]s?|guayaquileñ[oa]s?|"
    r"guayaquilen[oa]s?|lojan[oa]s?|manabitas?|ambateñ[oa]s?|ambaten[oa]s?|riobambeñ[oa]s?|"
    r"riobamben[oa]s?|azuay[oa]s?|cañari|canari)\b"
)
# "yo soy de guayaquil", "i'm from cuenca": a parent from a town of Ecuador.
_FROM = re.compile(r"\b(soy de|somos de|es de|son de|i m from|im from|i am from|is from) (\w+)")


def _places(text: str) -> list[str]:
    """The words right after each mention of a birth, up to the next punctuation."""
    return [m.group(2) for m in _BIRTH.finditer(fold_accents(text.lower()))]


def _here(after: str) -> bool:
    return bool(_HERE.search(after)) or any(find_place(word) is not None for word in after.split())


def _told_here(text: str) -> bool:
    """The birth is placed in Ecuador, and nothing abroad is named."""
    if _ABROAD.search(fold_accents(text.lower())):
        return False
    return any(_here(after) for after in _places(text))


def _told_abroad(text: str) -> bool:
    """The birth is placed abroad, and a parent is Ecuadorian or came back."""
    places = _places(text)
    folded = fold_accents(text.lower()).replace("'", " ")
    parent = _ECUADORIAN_PARENT.search(folded) or any(
        find_place(m.group(2)) is not None for m in _FROM.finditer(folded)
    )
    return bool(parent) and any(_ABROAD.search(after) and not _here(after) for after in places)


def _instead(parse: ParseResult, name: str) -> ParseResult:
    chosen = Intent(name, parse.intent.confidence)
    rest = (i for i in parse.intent_ranking if i.name not in {BORN_ABROAD, BORN_HERE})
    return replace(parse, intent=chosen, intent_ranking=[chosen, *rest])


def by_birthplace(text: str, parse: ParseResult) -> ParseResult:
    """`parse`, with the other article on registering a birth when the message places the
    birth on the other side (see the module)."""
    if parse.intent.name == BORN_ABROAD and _told_here(text):
        return _instead(parse, BORN_HERE)
    if parse.intent.name == BORN_HERE and _told_abroad(text):
        return _instead(parse, BORN_ABROAD)
    return parse
