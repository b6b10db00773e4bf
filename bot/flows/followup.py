"""Follow-ups read against the last answer: "y cuánto cuesta?", "y dónde?", "and for my kids?".

A follow-up asking for a part of the answer (cost, where, documents, time) gets exactly that
part from the article's sourced `facets`; when the article has no such facet, the reply says so
honestly and offers the whole answer and a person. "y si no tengo pasaporte" or "y para mis
hijos" quote the article's own sentences about that document or person, when it has some; a
follow-up that points to another article of the same topic gets that article.

```mermaid
flowchart LR
  f[follow-up within 24 h of an answer] --> k{asks for}
  k -->|a facet the article has| facet["Sobre «título»: facet"]
  k -->|a facet it lacks| honest[the answer does not say it: whole answer / a person]
  k -->|someone or a document| quote[the article's sentences about it, else honest]
  k -->|another article of the topic| other[that answer]
  k -->|"y?": nothing in particular| more[the facets it has, as choices]
  more -->|digit, button or typed label| facet
```
"""

from __future__ import annotations

import re

from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.flows import answer, clarify
from bot.flows.menu import show_menu, topic
from bot.knowledge.compose import plain_body
from bot.knowledge.models import Article
from bot.messages import Choice
from bot.understanding import followups
from bot.understanding.normalize import normalize

# Words that name who or what a follow-up asks about, and the words that find them in the body.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "children": (
        "hijo",
        "hija",
        "nino",
        "nina",
        "bebe",
        "menor",
        "kid",
        "child",
        "son",
        "daughter",
        "baby",
        "minor",
    ),
    "passport": ("pasaporte", "passport"),
    "cedula": ("cedula",),
    "papers": ("papeles", "documento", "papers", "document"),
    "family": ("familia", "esposa", "esposo", "pareja", "family", "wife", "husband", "partner"),
}
FACET_NAMES = ("cost", "where", "documents", "time")
SMS_CHARS = 230  # what leaves room for the title and two numbered choices in 2 segments
MAX_SENTENCES = 2


def handle(turn: Turn, arg: str | None = None) -> None:
    """Answer the follow-up from the last article (or the facet a `facet:` choice names)."""
    reading = turn.reading
    article_id, facet = _chosen(arg) if arg else (reading.thread.article or "", reading.facet)
    found = turn.kb.article(article_id, turn.lang)
    if found is None and not arg and bare(turn):
        # "y cuanto cuesta?" with no answer before it (or one too long ago): ask what about,
        # rather than guess an article from "cuesta" alone. Help with one's papers in general
        # ("necesito ayuda con mis papeles") is the papers topic.
        if followups.asks_about_papers(reading.core):
            topic(turn, "regularisation")
            return
        show_menu(turn, intro=turn.t("followup_no_thread"))
        return
    if found is None:
        answer.handle(turn)
        return
    if not arg and followups.is_acknowledgement(reading.core):
        _offer_facets(turn, found, intro="followup_ack")  # "ok", "ya" after the answer
        return
    if facet and facet in found.facets:
        _reply(turn, found, found.facets[facet])
        return
    if arg or (facet is None and followups.is_continuation(reading.core)):
        _offer_facets(turn, found)
        return
    other = _other_article(turn, found)
    if other is not None:
        answer.article(turn, other)
        return
    quoted = _sentences_about(found, reading.core)
    if quoted:
        _reply(turn, found, quoted)
        return
    what = turn.t(f"facet_{reading.facet}" if reading.facet else "facet_whom")
    _reply(turn, found, None, what=what)


def bare(turn: Turn) -> bool:
    """Only the words of a follow-up ("y cuanto cuesta?", "donde queda?", "y en quito?"), with
    no subject of its own: it means something only after an answer."""
    core = turn.reading.core
    return bool(core) and followups.is_followup(core) and followups.own_words(core) == 0


def _chosen(arg: str) -> tuple[str, str | None]:
    """ "health-access:where" -> ("health-access", "where")."""
    article_id, _, facet = arg.partition(":")
    return article_id, facet or None


def _offer_facets(turn: Turn, found: Article, *, intro: str = "followup_more") -> None:
    """ "y?" after an answer: the parts of it that can be asked for, as choices (`intro`: the
    sentence before them)."""
    if not found.facets and intro == "followup_more":
        _reply(turn, found, None, what=turn.t("facet_whom"))
        return
    choices = [
        Choice(f"facet:{found.id}:{name}", turn.t(f"facet_{name}").capitalize())
        for name in FACET_NAMES
        if name in found.facets
    ]
    choices += [
        Choice(f"article:{found.id}", turn.t("choice_full_answer")),
        Choice("human", turn.t("choice_human")),
    ]
    turn.say(
        turn.t(intro, title=found.title),
        choices=choices,
        kind="followup",
        article_id=found.id,
    )
    _answered_from(turn, found, choices)


def _other_article(turn: Turn, last: Article) -> str | None:
    """A different article of the same topic that the follow-up, read in context, points to."""
    parse = turn.reading.in_context
    if parse is None or turn.reading.facet:
        return None
    options = [
        (i.name[3:], i.confidence)
        for i in parse.intent_ranking
        if i.name.startswith("kb.") and turn.kb.topic_of(i.name[3:]) == last.topic
    ]
    if options and options[0][0] != last.id and clarify.answers(options):
        return options[0][0]
    return None


def _sentences_about(article: Article, core: str) -> str | None:
    """The article's sentences that mention the person or document the follow-up names."""
    words = set(normalize(core).split())
    stems = [s for names in SUBJECTS.values() if _names(words, names) for s in names]
    if not stems:
        return None
    sentences = re.split(r"(?<=[.!?])\s+|\n+", plain_body(article))
    hits = [
        s.lstrip("- ").strip()
        for s in sentences
        if any(re.search(rf"\b{stem}", normalize(s)) for stem in stems)
    ]
    return " ".join(hits[:MAX_SENTENCES]) or None


def _names(words: set[str], names: tuple[str, ...]) -> bool:
    return any(w.startswith(n) for w in words for n in names)


def _reply(turn: Turn, found: Article, text: str | None, *, what: str = "") -> None:
    if text is None:
        full = turn.t("followup_unknown", title=found.title, what=what)
        short = full
    else:
        full = turn.t("followup_facet", title=found.title, text=text)
        short = full if len(full) <= SMS_CHARS else _cut(full, SMS_CHARS)
    choices = [
        Choice(f"article:{found.id}", turn.t("choice_full_answer")),
        Choice("human", turn.t("choice_human")),
    ]
    turn.say(full, short=short, choices=choices, kind="followup", article_id=found.id)
    _answered_from(turn, found, choices)


def _answered_from(turn: Turn, found: Article, choices: list[Choice]) -> None:
    turn.remember_choices(choices)
    turn.topic = found.topic
    turn.article_ids = [found.id]
    turn.intent, turn.confidence = found.intent, 1.0
    turn.fallback = False


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut after a word, with an ellipsis."""
    head = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{head}..."


SPECS = (FlowSpec("followup", handle, choices=("facet",)),)
