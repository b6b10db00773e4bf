"""The issue-16 hooks of the engine and the router, in one place.

- `route`: before reading a message by meaning, a follow-up of the last answer goes to
  `followup`, and a label typed from the main menu or a recent list picks that choice;
- `after_flow`: a polite question is greeted back in the same reply, and the thread (last
  article, topic, time, recent lists) is kept for the next turn.
"""

from __future__ import annotations

from datetime import datetime

from bot.dialogue.turn import Turn
from bot.flows import clarify, followup, labels, safety
from bot.knowledge.directory import parse_query
from bot.understanding import followups, language
from bot.understanding.base import FALLBACK_INTENT
from bot.understanding.pleasantries import SMALL_TALK

# Flows that are not greeted back: they greet themselves, or must stay exactly as they are.
NO_GREETING = frozenset(
    {"greet", "safety", "shelter_place", "optout", "optin", "erase_request", "erase_answer", "more"}
)

# Whole-message readings that give way to the problems read clause by clause.
UNSURE_INTENTS = SMALL_TALK | {FALLBACK_INTENT}


def route(turn: Turn) -> tuple[str, str | None] | None:
    """A follow-up or a typed label, else None (the message is read by meaning)."""
    if _is_followup(turn) or _acknowledged(turn):
        return "followup", None
    if _acknowledgement_read_as_nothing(turn):
        return "smalltalk", "affirm"  # "ya" with no answer before it: "¿En qué te ayudo?"
    if (
        not turn.reading.followup
        and _no_thread(turn)
        and followup.bare(turn)
        # "donde hay ayuda en ibarra?" as a first message: a search of that town's services
        and parse_query(turn.reading.core).place is None
    ):
        return "followup", None  # "y cuanto cuesta?" with nothing before it: asks what about
    parse = turn.parse
    if (
        turn.reading.problems
        and (parse is None or parse.intent.name in UNSURE_INTENTS)
        and not language.unsupported(turn.text)  # the router says which languages we speak
    ):
        return "answer", None  # "hola, se me vencio la visa y tambien la cedula"
    chosen = labels.typed_label(turn)
    return ("choice", chosen) if chosen else None


def _acknowledged(turn: Turn) -> bool:
    """ "ok", "ya", "entiendo" after an answer: the parts of it that can still be asked for are
    offered (it got the fallback's "no tengo información sobre eso" or the menu before)."""
    core = turn.reading.core
    if not core or not followups.is_acknowledgement(core) or _no_thread(turn):
        return False
    # After the help for a kind of danger, "ok" gets no cheerful list of prices; while a flow's
    # question waits for its answer (`DialogueState.pending`), "ok" is left to that flow.
    return turn.reading.thread.article not in safety.ARTICLES.values() and not turn.state.pending


def _acknowledgement_read_as_nothing(turn: Turn) -> bool:
    """ "ya", "mmm", "dale" with nothing to acknowledge: the reply to "ok", not "no tengo
    información sobre eso", nor an article the NLU faintly guessed ("ya" read as the cédula
    article at 0.32, after "ya tengo la visa..." joined its questions)."""
    parse = turn.parse
    return followups.is_acknowledgement(turn.reading.core) and (
        parse is None
        or parse.intent.name in (FALLBACK_INTENT, "out_of_scope")
        or parse.intent.name.startswith("kb.")
    )


def _no_thread(turn: Turn) -> bool:
    """No answer to follow up on: none yet, or too long ago."""
    reading = turn.reading
    return not reading.alive or turn.kb.article(reading.thread.article or "", turn.lang) is None


def _is_followup(turn: Turn) -> bool:
    reading = turn.reading
    if not reading.followup:
        return False
    searched = parse_query(reading.core)
    if searched.place and searched.kinds:
        return False  # "donde hay ayuda legal en Quito?": a search of the directory, always new
    # "y cuanto cuesta la visa?" after a health answer: its own confident reading of another
    # article wins over the thread, unless read with the last article's title it still points
    # there ("me piden la cedula?" after a health answer).
    if (
        reading.facet is not None
        and followups.points_back(reading.core)
        and followups.own_words(reading.core) <= followups.MAX_OWN_WORDS
    ):
        return True  # "y ese abogado hay q pagarlo?": that part of the last answer
    parse = turn.parse
    if (
        parse is not None
        and parse.intent.name.startswith("kb.")
        and followups.own_words(reading.core) > 0
        and not followups.is_for_whom(reading.core)
        and not _condition_in_context(turn)
    ):
        article = parse.intent.name[3:]
        options = [(article, parse.intent.confidence)] + [
            (i.name[3:], i.confidence) for i in parse.intent_ranking[1:2]
        ]
        elsewhere = article != reading.thread.article and clarify.answers(options)
        if elsewhere and not _still_thread(turn):
            return False
    return True


# Read alone this surely, a message is its own question whatever the thread ("puedo ir al medico
# sin cedula?" after any answer). Chosen on the follow-up development sets: without it 6 more of
# their 488 follow-ups stay in the thread, but a new question read 0.9985 alone was kept in a
# stale thread (tests/handoff/test_tickets.py) and seeded unanswered questions were lost.
SURE_ALONE = 0.95


def _still_thread(turn: Turn) -> bool:
    """Read with the last article's title, the message reads as that article, and more surely
    than it reads as anything alone ("y donde pongo la queja" after a refused-care answer stays;
    "cuanto es el sueldo basico" after a refugee answer does not), unless sure alone."""
    in_context, parse = turn.reading.in_context, turn.parse
    return (
        in_context is not None
        and parse is not None
        and parse.intent.confidence < SURE_ALONE
        and in_context.intent.name == f"kb.{turn.reading.thread.article}"
        and in_context.intent.confidence > parse.intent.confidence
    )


def _condition_in_context(turn: Turn) -> bool:
    """ "y si soy irregular?" after a health answer: a condition on the same matter, when the
    message read together with the last article's title still reads as that topic."""
    reading = turn.reading
    if not followups.is_condition(reading.core) or reading.in_context is None:
        return False
    top = reading.in_context.intent.name
    return top.startswith("kb.") and turn.kb.topic_of(top[3:]) == reading.thread.topic


def greet_back(turn: Turn, flow_name: str) -> None:
    """ "Buenos días." before the answer to "buenos dias, como saco la visa"."""
    reading = turn.reading
    if not reading.greeting or not turn.replies or turn.returning or flow_name in NO_GREETING:
        return
    if turn.urgent:
        return
    text = turn.t(f"greet_back_{reading.greeting}")
    if reading.apology:
        text = f"{text} {turn.t('greet_back_apology')}"
    turn.replies.insert(0, type(turn.replies[0])(text, kind="greeting"))


def after_flow(turn: Turn, flow_name: str, *, now: datetime) -> None:
    """Greet back, then keep the thread for the next turn."""
    greet_back(turn, flow_name)
    thread = turn.reading.thread
    answered = next((r.article_id for r in turn.replies if r.article_id), None)
    topic = turn.topic
    if answered is None and flow_name == "safety" and turn.danger_category:
        # A danger reply answers from no article, but its category has one: the thread.
        summed_up = safety.ARTICLES.get(turn.danger_category)
        if summed_up and turn.kb.article(summed_up, turn.lang) is not None:
            answered, topic = summed_up, turn.kb.topic_of(summed_up)
    if answered:
        thread.article, thread.topic, thread.at = answered, topic, now.isoformat()
    elif turn.clarify:
        # A new question, asked back about: the answer before it is no longer what a follow-up
        # means ("y si no tengo pasaporte?" after the choice was the old article's, newcomer check).
        thread.article = thread.topic = None
    offered = turn.state.choices
    thread.remember_list([[str(c[0]), str(c[1])] for c in offered])
    thread.save(turn.state)
