"""A child born here is not a child born abroad (#16).

"mi hijo nacio en el hospital de Guayaquil hace 2 semanas, como lo inscribo?" was read as the
returnees' article on children born abroad (topic development sets 23, 26, 27 and 29: six
such messages, from parents of several countries). Both articles are about registering a
birth, and the model weighs "nacio" and "inscribo" more than the town. Where the child was
born settles it: when the reading is the children-born-abroad article and the message says
the birth was here (a town or province of Ecuador, "aqui", "en ecuador", "here") and names no
country abroad, the answer is the article on children born in Ecuador, with the same
confidence. The other way is left to the model: "nacio en Venezuela" is a migrant's child, not
a returnee's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.knowledge.places import find_place
from bot.understanding.base import Intent, ParseResult
from bot.understanding.normalize import normalize

BORN_ABROAD = "kb.ret-children-born-abroad"
BORN_HERE = "kb.rights-children-born-ecuador"

# The birth and the few words after it that say where: "nacio en el hospital de manta",
# "was born in Quito", "born here".
_BIRTH = re.compile(
    r"\b(naci[oa]|nacieron|nacido|nacida|nacidos|nacidas|nacio|nazca|nacera|born|birth|parto|"
    r"dio a luz|di a luz)\b((?: \w+){1,6})"
)
_HERE = re.compile(r"\b(aqui|aca|here|en ecuador|in ecuador|este pais|this country)\b")
_ABROAD = re.compile(
    r"\b(afuera|fuera|abroad|exterior|españa|espana|spain|estados unidos|eeuu|ee uu|usa|the us|"
    r"united states|america|new york|ny|new jersey|queens|italia|italy|chile|colombia|"
    r"venezuela|peru|cuba|haiti|mexico|argentina|brasil|brazil|alemania|germany|francia|"
    r"france|inglaterra|england|londres|london|madrid|barcelona|valencia|milan|milano|roma|"
    r"santiago|miami|chicago|texas|florida|canada)\b"
)


def _told_here(norm: str) -> bool:
    """The message places a birth in Ecuador and names no place abroad."""
    if _ABROAD.search(norm):
        return False
    for found in _BIRTH.finditer(norm):
        after = found.group(2)
        if _HERE.search(after) or any(find_place(word) is not None for word in after.split()):
            return True
    return False


def born_here(text: str, parse: ParseResult) -> ParseResult:
    """`parse`, with the children-born-in-Ecuador article instead of the children-born-abroad
    one when the message says the birth was here (see the module)."""
    if parse.intent.name != BORN_ABROAD or not _told_here(normalize(text)):
        return parse
    here = Intent(BORN_HERE, parse.intent.confidence)
    ranking = [here, *(i for i in parse.intent_ranking if i.name not in {BORN_ABROAD, BORN_HERE})]
    return replace(parse, intent=here, intent_ranking=ranking)
