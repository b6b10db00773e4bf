"""A place named beside a question is where, not what: "acabamos de llegar a Ibarra con tres
niños, pueden entrar a la escuela?" is about school enrolment, though the article on services in
Ibarra and Imbabura wins on the town's name (0.74 against 0.18; topic development set 4). When
an article about a place's services comes first and a subject article follows it, the question
is read again without the place names; a confident subject reading is the answer, with the
original entities (the town stays known for the places listed with it)."""

from __future__ import annotations

from dataclasses import replace

from bot.knowledge.places import find_place
from bot.understanding.base import ParseResult, Understanding

# Articles that answer "where to get help in <place>".
PLACE_ARTICLES = frozenset({"kb.services-imbabura", "kb.services-quito"})
RUNNER_UP = 0.1  # a subject article must already be in view below the place's article
SURE = 0.5  # the reading without the place must be sure of its subject


def _subject(name: str) -> bool:
    return name.startswith("kb.") and not name.startswith("kb.services-")


def without_places(text: str) -> str:
    """The text with every word that names a city or province taken out."""
    return " ".join(word for word in text.split() if find_place(word.strip(",.;:!?¿¡")) is None)


async def place_aside(nlu: Understanding, text: str, parse: ParseResult) -> ParseResult:
    """`parse`, or the reading of `text` without its place names when that one is about a
    subject (see the module)."""
    ranking = parse.intent_ranking
    if parse.intent.name not in PLACE_ARTICLES or len(ranking) < 2:
        return parse
    if not any(_subject(i.name) and i.confidence >= RUNNER_UP for i in ranking[1:3]):
        return parse
    rest = without_places(text)
    if rest == text or len(rest.split()) < 3:
        return parse
    again = await nlu.parse(rest)
    if not (_subject(again.intent.name) and again.intent.confidence >= SURE):
        return parse
    return replace(parse, intent=again.intent, intent_ranking=again.intent_ranking)
