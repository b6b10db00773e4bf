"""Reading a turn beyond one NLU parse (issue 16), before the router picks a flow.

- the pleasantries set aside (the reply greets back);
- the thread: is the last answer recent enough for a follow-up, and is this message one;
  a follow-up that names no part of the answer ("and for my kids?") is read again together
  with the last article's title;
- more than one problem: the message is cut into clauses, each read on its own.

The extra parses are few (a clause is only read when the message has two or more) and the
embedded backend parses in well under a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from bot.dialogue.thread import Reading, Thread
from bot.dialogue.turn import Turn
from bot.flows import clarify
from bot.flows.conversation_thread import SURE_ALONE
from bot.flows.safety import ARTICLES as DANGER_BY_KIND
from bot.understanding import followups, language, pleasantries
from bot.understanding.base import Understanding
from bot.understanding.birthplace import by_birthplace
from bot.understanding.gloss import gloss
from bot.understanding.normalize import normalize

MAX_CLAUSES = 4
POINTING_OWN_WORDS = 3
_SEPARATORS = re.compile(
    r"[.;!?¿¡]+|,|\b(?:y tambien|y ademas|ademas|tambien|aparte|otra cosa|and also|also|plus)\b"
)
_AND = re.compile(r"\s(?:y|e|and)\s")
_QUESTION = re.compile(
    r"^(como|donde|cuanto|cuanta|cuantos|que|cual|cuales|cuando|quien|puedo|podemos|pueden|"
    r"puede|me atienden|lo atienden|la atienden|los atienden|hay|tengo que|debo|necesito saber|"
    r"how|where|what|which|when|can|could|do|does|is|are|should|who)\b"
)


async def read(turn: Turn, nlu: Understanding, *, now: datetime) -> None:
    """Fill `turn.reading` for the router and the flows."""
    thread = Thread.load(turn.state)
    reading = Reading(thread=thread, alive=thread.alive(now))
    turn.reading = reading
    if turn.inbound.kind != "text" or not turn.text.strip() or turn.text.startswith("/"):
        return
    found = pleasantries.split(turn.text)
    reading.greeting, reading.apology, reading.core = found.greeting, found.apology, found.core
    core = found.core
    if not core:
        return
    # "Thanks. Is it really free, or will they charge for the lab tests?": thanking the last
    # answer and asking for a part of it is a follow-up, even when longer than one (follow-up
    # development set 4).
    thanked = (
        found.thanks
        and followups.facet_of(core) is not None
        and len(core.split()) <= followups.MAX_BARE_WORDS
    )
    # "where is their office in Guayaquil?", "y ese abogado hay q pagarlo?": short, pointing back
    # at the answer, and naming little of its own (follow-up development set 4; "cuánto se demora
    # inscribirlo como ecuatoriano?" names its own matter). "it" or "they" alone may open a new
    # question ("is it the same for getting a visa?"): only the title's surer reading keeps it.
    pointing = (
        len(core.split()) <= followups.MAX_BARE_WORDS
        and followups.points_back(core)
        and followups.own_words(core) <= POINTING_OWN_WORDS
    )
    if reading.alive and (thanked or pointing or followups.is_followup(core)):
        reading.followup = True
        reading.facet = followups.facet_of(core)
        article = turn.kb.article(thread.article or "", turn.lang)
        if article is not None and (reading.facet is None or followups.own_words(core) > 0):
            # Read together with the last article's title: "me piden la cedula?" after a health
            # answer still reads as health, "cuanto cuesta la visa mercosur" does not.
            reading.in_context = await nlu.parse(f"{core} {article.title}")
        return
    if reading.alive and _same_article_part(turn, core):
        # "la cruz roja cobra por buscar?" after the family-links answer: read alone it is that
        # very article, and it asks for a part of it (follow-up development set 5: it got the
        # whole article again, with no word on the cost).
        reading.followup = True
        reading.facet = followups.facet_of(core)
        return
    if reading.alive and await _surer_in_context(turn, nlu, core):
        # "can I apply online or do I have to go to an office?" after the residence visas: a
        # question for a part of the answer that its title makes surer (follow-up development
        # set 4: read alone, it was the Cancillería offices at 0.86).
        reading.followup = True
        reading.facet = followups.facet_of(core)
        return
    if language.unsupported(turn.text):
        core = gloss(core)  # read as the whole message is (engine._understand)
    cut = clauses(core)
    reading.asked = any(question for _, question in cut)
    reading.problems = await problems(nlu, core, topic_of=turn.kb.topic_of, cut=cut)


# Read with the last article's title, a question for a part of the answer reads as that article
# at least this surely, and more surely than alone, to be taken as a follow-up of it.
CONTEXT_SURE = 0.95


def _same_article_part(turn: Turn, core: str) -> bool:
    """A short question for a facet that, read alone, is the last answer's article. Not after
    a safety article: there the whole answer, which opens with the emergency line, is what a
    question the detector misses still gets ("where do i report my husband? he has a gun at
    home", a review of 2026-12-03)."""
    parse, article = turn.parse, turn.reading.thread.article
    return (
        article is not None
        and turn.kb.topic_of(article) != "safety"
        and article not in DANGER_BY_KIND.values()
        and parse is not None
        and parse.intent.name == f"kb.{article}"
        and len(core.split()) <= followups.MAX_BARE_WORDS
        and followups.facet_of(core) is not None
    )


async def _surer_in_context(turn: Turn, nlu: Understanding, core: str) -> bool:
    """A short question for a facet, or pointing back, that reads as the last article with its
    title, surely and more surely than alone (and not surely alone as anything: the router's
    SURE_ALONE)."""
    if len(core.split()) > followups.MAX_BARE_WORDS or followups.opens_with_own_question(core):
        return False
    if followups.facet_of(core) is None and not followups.refers_back(core):
        return False
    article = turn.kb.article(turn.reading.thread.article or "", turn.lang)
    parse = turn.parse
    if article is None or parse is None or parse.intent.confidence >= SURE_ALONE:
        return False
    in_context = await nlu.parse(f"{core} {article.title}")
    top = in_context.intent
    if top.name != f"kb.{article.id}" or top.confidence < CONTEXT_SURE:
        return False
    if top.confidence <= parse.intent.confidence:
        return False
    turn.reading.in_context = in_context
    return True


def clauses(core: str) -> list[tuple[str, bool]]:
    """The message cut into clauses, each with whether it is a question (it opens with a
    question word, or a "?" closes it). All of them: `problems` keeps the questions first and
    at most MAX_CLAUSES (a long message's question often comes last)."""
    pieces: list[tuple[str, bool]] = []
    for sentence in re.split(r"(?<=\?)", core):
        parts = [p for part in _SEPARATORS.split(sentence) for p in _split_and(part)]
        parts = [p.strip() for p in parts if len(p.split()) >= 2]
        for n, words in enumerate(parts):
            closed = n == len(parts) - 1 and sentence.rstrip().endswith("?")
            pieces.append((words, closed or _QUESTION.search(words) is not None))
    return pieces


def _split_and(part: str) -> list[str]:
    """Cut at "y"/"and" only between two clauses of three words or more."""
    found = _AND.search(part)
    if found is None:
        return [part]
    left, right = part[: found.start()], part[found.end() :]
    if len(left.split()) >= 3 and len(right.split()) >= 3:
        return [left, *_split_and(right)]
    return [part]


async def problems(
    nlu: Understanding,
    core: str,
    *,
    topic_of: Callable[[str], str | None] | None = None,
    cut: list[tuple[str, bool]] | None = None,
) -> list[tuple[str, float]]:
    """The distinct articles the clauses ask about, in the order they were mentioned. When the
    message asks questions, the statements around them are their context, not problems.
    `topic_of(article_id)`: a clause split between two articles of one topic ("se me vencio la
    visa": the fines, or the end of the VIRTE) is still a problem of that topic, told by its
    first reading, rather than lost."""
    cut = clauses(core) if cut is None else cut  # `read` has cut it already
    if len(cut) < 2:
        return []
    if any(question for _, question in cut):
        cut = [(words, question) for words, question in cut if question]
    found: list[tuple[str, float]] = []
    for words in _with_their_parts(cut)[:MAX_CLAUSES]:
        # Where a birth was placed is told anywhere in the message (see birthplace).
        parse = by_birthplace(core, await nlu.parse(words))
        top = parse.intent
        # A clause counts as one of the problems when it would be answered directly on its own:
        # the answer flow's bar (chosen by cross-validation), sure or clearly ahead.
        options = [(i.name, i.confidence) for i in parse.intent_ranking[:2]]
        if top.name.startswith("kb.") and (
            clarify.answers(options) or _one_topic(options, topic_of)
        ):
            article_id = top.name[3:]
            if all(article_id != seen for seen, _ in found):
                found.append((article_id, top.confidence))
    return found


def _with_their_parts(cut: list[tuple[str, bool]]) -> list[str]:
    """The clauses' texts, a question for a part of the clause before it ("lo reciben en la
    escuela? cuanto cobran": the cost, with no matter of its own) read together with that
    clause instead of alone (alone, "cuanto cobran" read as the overstay fines)."""
    joined: list[str] = []
    for words, _ in cut:
        if joined and followups.own_words(normalize(words)) == 0:
            joined[-1] = f"{joined[-1]} {words}"
        else:
            joined.append(words)
    return joined


def _one_topic(
    options: list[tuple[str, float]], topic_of: Callable[[str], str | None] | None
) -> bool:
    """The two best readings are articles of one topic, together as sure as a direct answer."""
    if topic_of is None or len(options) < 2:
        return False
    (first, a), (second, b) = options[:2]
    if not (first.startswith("kb.") and second.startswith("kb.")):
        return False
    topic = topic_of(first[3:])
    return topic is not None and topic == topic_of(second[3:]) and a + b >= clarify.SURE
