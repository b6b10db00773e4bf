"""Which flow handles a turn: the flows' own declarations (`bot.dialogue.triggers.FlowSpec`),
composed in one fixed order. Safety beats every other rule; whole-message keywords come next.

Each stage reads the message and either decides or passes; the first that decides wins:

 1. danger      words the danger detector caught -> `safety`
 2. button      a pressed choice id -> the flow declaring its head in `choices` (unknown: menu)
 3. pending<kw  a pending question read before keywords (`Pending(stage="before_keywords")`)
 4. keyword     a whole-message keyword -> the flow declaring it in `keywords`
 5. kind        a shared location: a `Pending(on="location")` question, else the flow with
                `kinds=("location",)`; media and unsupported messages: `kinds` likewise
 6. urgency     the NLU reads a confident plea for urgent help -> `safety`
 7. claimed     a caseworker owns the conversation -> `waiting` (except the queue digits)
 8. pending     a pending question read after keywords (`Pending()`, free text)
 9. command     a /command -> the flow declaring it in `commands` (unknown: `unknown_command`)
10. no letters  emoji, punctuation only -> `empty`
11. digit       a number of the last offered list -> that choice (else `bad_number`)
12. label       the label of an offered choice typed out -> that choice
13. thread      a follow-up of the last answer (`followup`), several problems in a small-talk
                message (`answer`), or a label typed from the main menu or a recent list
14. meaning     the NLU's reading: services by place, articles, then the flow declaring the
                intent in `intents` (else `fallback`)

While a ticket is open, stages 2, 4, 5, 11 and 12 pass through `_while_waiting` (MENU asks
before leaving the queue; once claimed only `while_claimed` flows act), and stage 14 answers
only `while_waiting` flows and confident article questions.

Adding a flow: a module with its handler and `SPECS = (FlowSpec("name", handler, keywords=...,
intents=..., choices=..., pending=...),)`, and one line in `bot/flows/registry.py`. Two flows
declaring the same keyword, command, intent or choice head fail at start-up (`Router`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from bot.dialogue import policy
from bot.dialogue.triggers import FlowSpec, Route
from bot.dialogue.turn import Turn
from bot.flows import conversation_thread
from bot.flows.registry import SPECS
from bot.knowledge.directory import parse_query
from bot.understanding import followups, language
from bot.understanding.base import FALLBACK_INTENT, ParseResult
from bot.understanding.danger import says_nothing
from bot.understanding.normalize import fold_accents, has_letters

T = TypeVar("T")

# The router's own outcomes (flows it sends to when no declaration decides).
SAFETY = "safety"
WAITING = "waiting"
QUEUE_CONFIRM = "queue_confirm"
UNKNOWN_COMMAND = "unknown_command"
EMPTY = "empty"
BAD_NUMBER = "bad_number"
ANSWER = "answer"
SERVICES_TEXT = "services_text"
UNSUPPORTED_LANGUAGE = "unsupported_language"
FALLBACK = "fallback"
MENU = "menu"
MORE = "more"
OUTCOMES = (
    SAFETY,
    WAITING,
    QUEUE_CONFIRM,
    UNKNOWN_COMMAND,
    EMPTY,
    BAD_NUMBER,
    ANSWER,
    SERVICES_TEXT,
    UNSUPPORTED_LANGUAGE,
    FALLBACK,
    MENU,
)


def _run_by_engine(turn: Turn, _arg: str | None = None) -> None:
    raise RuntimeError("MAS is run by the engine: it reads what the channel held back")


# MAS: the engine runs it (the channel's memory holds the rest); its triggers live here.
MORE_SPEC = FlowSpec(
    MORE,
    _run_by_engine,
    keywords=dict.fromkeys(["mas", "más", "more", "/more"]),
    while_claimed=True,
)
# While a ticket waits, a question read by meaning is answered only when the NLU is this sure
# of it (the answer then says a person will also write); anything vaguer waits for the person.
WAITING_ANSWER_CONFIDENCE = 0.5


# A message partly in a language we do not speak is answered when its reading is an article
# this sure (topics development set 2: of 31 Creole-Spanish messages, the 15 read at 0.6 or
# more named the right article but for one, a neighbour of it; below 0.6, most were wrong).
MIXED_ANSWER_CONFIDENCE = 0.6


def _mixed_and_sure(parse: ParseResult | None, text: str, known: frozenset[str]) -> bool:
    """A question asked partly in Spanish or English, read surely as one article. `known`:
    the words of the articles (`language.article_words`)."""
    return (
        parse is not None
        and parse.intent.name.startswith("kb.")
        and parse.intent.confidence >= MIXED_ANSWER_CONFIDENCE
        and language.carries_ours(text, known)
    )


# A plea for help that names nothing yet, in a message's core (its greetings, thanks, courtesies
# and words of urgency set aside by bot/understanding/pleasantries.py), after `_clean`.
_BARE_PLEA = re.compile(
    r"(i need|i need some|need|necesito|necesitamos|can you|could you|can someone|"
    r"me (puede|pueden|podria|podrian|puedes)|nos (puede|pueden)|alguien me puede|"
    r"quiero|i want)( (help|ayuda|una ayuda|que me ayuden|help me|ayudar|ayudarme|"
    r"information|informacion|info))+"
)


def _clean(text: str) -> str:
    return " ".join(text.strip().lower().split()).strip(".!¡¿? ")


class Router:
    """The declarations of a set of flows, composed into the tables the stages read."""

    def __init__(self, specs: Iterable[FlowSpec]):
        self.specs: dict[str, FlowSpec] = {}
        self.keywords: dict[str, Route] = {}
        self.commands: dict[str, Callable[[Turn, str], Route]] = {}
        self.intents: dict[str, Route] = {}
        self.choices: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        for spec in specs:
            self._add(spec)
        missing = [name for name in OUTCOMES if name not in self.specs]
        if missing:
            raise ValueError(f"the router sends to flows nobody declares: {missing}")
        self.stages: tuple[Callable[[Turn], Route | None], ...] = (
            self._danger,
            self._button,
            self._pending_before_keywords,
            self._keyword,
            self._kind,
            self._urgency,
            self._claimed,
            self._pending,
            self._command,
            self._no_letters,
            self._digit,
            self._label,
            self._thread,
            self._meaning,
        )

    def _add(self, spec: FlowSpec) -> None:
        if spec.name in self.specs:
            raise ValueError(f"flow {spec.name!r} declared twice")
        self.specs[spec.name] = spec
        for word, arg in spec.keywords.items():
            self._claim("keyword", self.keywords, word, (spec.name, arg))
        for command, reader in spec.commands.items():
            self._claim("command", self.commands, command, reader)
        for intent, arg in spec.intents.items():
            self._claim("intent", self.intents, intent, (spec.name, arg))
        for head in spec.choices:
            self._claim("choice", self.choices, head, spec.name)
        for kind in spec.kinds:
            self._claim("kind", self.kinds, kind, spec.name)

    @staticmethod
    def _claim(what: str, table: dict[str, T], key: str, value: T) -> None:
        if key in table:
            raise ValueError(f"{what} {key!r} is declared by two flows")
        table[key] = value

    def spec(self, name: str) -> FlowSpec:
        """The declaration of a flow."""
        return self.specs[name]

    # -- the parts the stages share ------------------------------------------------------------

    def keyword(self, text: str) -> Route | None:
        """A whole-message keyword (trimmed, case- and accent-insensitive)."""
        cleaned = _clean(text)
        if not cleaned:
            return None
        return self.keywords.get(cleaned) or self.keywords.get(fold_accents(cleaned))

    def choice_route(self, choice_id: str) -> Route:
        """The flow behind a button or numbered choice (an unknown head: the menu)."""
        head, _, arg = choice_id.partition(":")
        return self.choices.get(head, MENU), arg or None

    def _questions(self, turn: Turn) -> list[tuple[FlowSpec, str]]:
        pending = turn.state.pending or ""
        if not pending:
            return []
        return [
            (s, pending) for s in self.specs.values() if any(p.asked(pending) for p in s.pending)
        ]

    def _read_pending(self, turn: Turn, *, stage: str, on: str) -> Route | None:
        for spec, pending in self._questions(turn):
            for question in spec.pending:
                if question.stage == stage and question.on == on and question.asked(pending):
                    found = question.read(turn)
                    if found is not None:
                        return found
        return None

    def keeps(self, flow_name: str, pending: str) -> bool:
        """Whether running `flow_name` keeps the pending question (it answers it)."""
        spec = self.specs.get(flow_name)
        return spec is not None and any(
            pending == q or pending.startswith(f"{q}:") for q in spec.keeps
        )

    def while_waiting(self, turn: Turn, chosen: Route) -> Route:
        """While a ticket is open: MENU (or a menu button) asks before leaving the queue; once a
        caseworker has claimed it, everything else goes to them; unclaimed, questions still get
        their answers (the engine adds that a person will also answer)."""
        if not turn.ticket_open:
            return chosen
        if chosen[0] == MENU:
            return QUEUE_CONFIRM, None
        spec = self.specs.get(chosen[0])
        if (spec is not None and spec.while_claimed) or not turn.ticket_claimed:
            return chosen
        return WAITING, None

    # -- the stages, in order ------------------------------------------------------------------

    def choose(self, turn: Turn) -> Route:
        """The first stage that decides."""
        for stage in self.stages:
            found = stage(turn)
            if found is not None:
                return found
        raise AssertionError("the meaning stage always decides")

    def _danger(self, turn: Turn) -> Route | None:
        # Words the danger detector caught: emergency information before anything else.
        return (SAFETY, None) if policy.is_urgent(turn.danger) else None

    def _button(self, turn: Turn) -> Route | None:
        inbound = turn.inbound
        if inbound.kind == "choice" and inbound.choice_id:
            return self.while_waiting(turn, self.choice_route(inbound.choice_id))
        return None

    def _pending_before_keywords(self, turn: Turn) -> Route | None:
        return self._read_pending(turn, stage="before_keywords", on="text")

    def _keyword(self, turn: Turn) -> Route | None:
        found = self.keyword(turn.inbound.text)
        return None if found is None else self.while_waiting(turn, found)

    def _kind(self, turn: Turn) -> Route | None:
        kind = turn.inbound.kind
        if kind == "location":
            asked = self._read_pending(turn, stage="after_keywords", on="location")
            if asked is not None:
                return asked
        flow = self.kinds.get(kind)
        return None if flow is None else self.while_waiting(turn, (flow, None))

    def _urgency(self, turn: Turn) -> Route | None:
        # A plea the NLU reads as urgent help acts at once, even while a ticket waits
        # (a whole-message keyword such as AYUDA keeps its own meaning).
        return (SAFETY, None) if urgent_by_meaning(turn) else None

    def _claimed(self, turn: Turn) -> Route | None:
        if not turn.ticket_claimed:
            return None
        # A caseworker has it: messages go to them, except the answer to "keep the case?".
        text = turn.inbound.text.strip()
        digit = turn.choice_for_digit(int(text)) if re.fullmatch(r"\d{1,2}", text) else None
        if digit and digit.startswith("queue:"):
            return self.choice_route(digit)
        return WAITING, None

    def _pending(self, turn: Turn) -> Route | None:
        if turn.inbound.text.strip().startswith("/"):
            return None
        return self._read_pending(turn, stage="after_keywords", on="text")

    def _command(self, turn: Turn) -> Route | None:
        text = turn.inbound.text.strip()
        if not text.startswith("/"):
            return None
        command = text.split()[0].split("@")[0].lower()
        reader = self.commands.get(command)
        if reader is None:
            return UNKNOWN_COMMAND, None
        return reader(turn, text.split(maxsplit=1)[1] if " " in text else "")

    def _no_letters(self, turn: Turn) -> Route | None:
        return None if has_letters(turn.inbound.text.strip()) else (EMPTY, None)

    def _digit(self, turn: Turn) -> Route | None:
        text = turn.inbound.text.strip()
        if not re.fullmatch(r"\d{1,3}", text):
            return None
        chosen = turn.choice_for_digit(int(text))
        return self.while_waiting(turn, self.choice_route(chosen)) if chosen else (BAD_NUMBER, None)

    def _label(self, turn: Turn) -> Route | None:
        labelled = turn.choice_for_label(turn.inbound.text.strip())
        return self.while_waiting(turn, self.choice_route(labelled)) if labelled else None

    def _thread(self, turn: Turn) -> Route | None:
        # A follow-up of the last answer, several problems in a small-talk message, or a label
        # typed from the main menu or a recent list (bot/flows/conversation_thread.py).
        threaded = conversation_thread.route(turn)
        if threaded is None:
            return None
        flow, arg = threaded
        return self.while_waiting(
            turn, self.choice_route(arg or "") if flow == "choice" else threaded
        )

    def _meaning(self, turn: Turn) -> Route:
        chosen = self._by_meaning(turn)
        if turn.ticket_open and not self._answers_while_waiting(turn, chosen):
            # Waiting for a person: what is not a clear question ("sigo aqui") goes to them.
            return WAITING, None
        return chosen

    def _answers_while_waiting(self, turn: Turn, chosen: Route) -> bool:
        spec = self.specs.get(chosen[0])
        if spec is not None and spec.while_waiting:
            return True
        parse = turn.parse
        return (
            chosen[0] == ANSWER
            and parse is not None
            and parse.intent.name.startswith("kb.")
            and parse.intent.confidence >= WAITING_ANSWER_CONFIDENCE
        )

    def _by_meaning(self, turn: Turn) -> Route:
        turn.by_meaning = True
        parse = turn.parse
        if language.unsupported(turn.text) and not _mixed_and_sure(
            parse, turn.text, language.article_words(turn.kb)
        ):
            # Whatever we might guess from a French, Portuguese or Creole message ("je ne parle
            # pas espagnol" looks like a language change), the answer would be in a language
            # they did not use: say which we speak and offer a person. Danger and a confident
            # plea for urgent help were heard before this, in any language. A question asked
            # partly in Spanish ("bonjou, mwen malad, puedo ir al centro de salud sin papel?")
            # and read surely as an article is answered, in Spanish (issue 16).
            return UNSUPPORTED_LANGUAGE, None
        if parse is None:
            return FALLBACK, None
        intent = parse.intent.name
        query = parse_query(turn.text)
        if (
            query.place
            and query.kinds
            and not intent.startswith("kb.")
            or (query.place and query.kinds and len(turn.text.split()) <= 6)
        ):
            return SERVICES_TEXT, None
        if intent == policy.URGENT_INTENT and not urgent_by_meaning(turn):
            if _BARE_PLEA.fullmatch(_clean(turn.reading.core or turn.text)):
                # "i need help", "me pueden ayudar?": help with nothing named yet gets how to ask
                # (with the emergency line), not a guess at an article it faintly resembles.
                return self.intents.get("help", (FALLBACK, None))
            # Not an alarm ("es urgente, mañana vence mi plazo"): answer from the articles it
            # also resembles, asking which one when unsure, rather than a fallback menu.
            if any(i.name.startswith("kb.") for i in parse.intent_ranking[:4]):
                return ANSWER, None
            return FALLBACK, None
        if intent.startswith("kb."):
            return ANSWER, None
        if intent == FALLBACK_INTENT and any(
            i.name.startswith("kb.") for i in parse.intent_ranking[:3]
        ):
            top = parse.intent_ranking[0]
            if top.name.startswith("kb.") and top.confidence >= 0.2:
                return ANSWER, None
        return self.intents.get(intent, (FALLBACK, None))

    def route(self, turn: Turn) -> Route:
        """Pick the flow for this turn. When a keyword, a digit, a button or a command decided
        it, the turn's intent says so (the flow, or `kb.<article>` for an article), with
        confidence 1: the NLU's guess about "MAS" or "3" is not what happened."""
        chosen = self.choose(turn)
        if not turn.by_meaning:
            flow, arg = chosen
            if flow == "article" and arg:
                turn.intent = f"kb.{arg}"
            else:
                turn.intent = policy.URGENT_INTENT if flow == SAFETY else flow
            turn.confidence = 1.0
        return chosen


def urgent_by_meaning(turn: Turn) -> bool:
    """The NLU reads the message as a plea for urgent help, confidently enough to alarm."""
    parse = turn.parse
    return (
        parse is not None
        and parse.intent.name == policy.URGENT_INTENT
        and parse.intent.confidence >= policy.URGENT_CONFIDENCE
        # "necesito ayuda urgente con mi visa": urgency, which the danger model, trained with
        # such messages as negatives, puts on the safe side of its boundary.
        and (turn.danger_lean is None or turn.danger_lean >= policy.URGENT_DANGER_LEAN)
        # "y?" or "y ahora que hago?" right after an answer goes on about it; words of danger
        # were heard by the danger detector before this
        and not (turn.reading.alive and followups.is_continuation(turn.reading.core))
        # "y?" or "and?" as a first message: no word of anything, let alone of danger
        and not says_nothing(turn.inbound.text or "")
    )


ROUTER = Router([*SPECS, MORE_SPEC])


def route(turn: Turn) -> Route:
    """Pick the flow for this turn with the registered flows (see `Router.route`)."""
    return ROUTER.route(turn)


def keyword(text: str) -> Route | None:
    """A whole-message keyword of the registered flows."""
    return ROUTER.keyword(text)


def choice_route(choice_id: str) -> Route:
    """The flow behind a button or numbered choice, with the registered flows."""
    return ROUTER.choice_route(choice_id)
