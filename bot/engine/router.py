"""Which flow handles a turn. Safety beats every other rule; whole-message keywords come next."""

from __future__ import annotations

import re

from bot.dialogue import policy
from bot.dialogue.turn import Turn
from bot.knowledge.directory import parse_query
from bot.understanding import language
from bot.understanding.base import FALLBACK_INTENT
from bot.understanding.normalize import fold_accents, has_letters

Route = tuple[str, str | None]

KEYWORDS: dict[str, Route] = {
    **dict.fromkeys(
        [
            "stop",
            "baja",
            "alto",
            "parar",
            "cancelar",
            "fin",
            "unsubscribe",
            "stopall",
            "cancel",
            "end",
            "quit",
            "optout",
            "revoke",
        ],
        ("optout", None),
    ),
    **dict.fromkeys(["start", "alta", "inicio", "subscribe", "unstop", "iniciar"], ("optin", None)),
    **dict.fromkeys(
        ["borrar", "delete", "/delete", "borrar mis datos", "delete my data"],
        ("erase_request", None),
    ),
    **dict.fromkeys(["menu", "/menu", "menú", "inicio menu", "0"], ("menu", None)),
    **dict.fromkeys(["ayuda", "help", "/help", "info", "/ayuda"], ("help", None)),
    **dict.fromkeys(
        ["humano", "persona", "agente", "human", "person", "agent", "/human", "/humano"],
        ("handoff", None),
    ),
    **dict.fromkeys(["idioma", "language", "/language", "/idioma", "lang"], ("language", None)),
    **dict.fromkeys(["mas", "más", "more", "/more"], ("more", None)),
    **dict.fromkeys(["english", "ingles", "inglés", "/en"], ("set_language", "en")),
    **dict.fromkeys(["español", "espanol", "spanish", "/es"], ("set_language", "es")),
}
COMMANDS = {"/start": ("start", None)}
YES = {"si", "sí", "yes", "s", "y", "ok", "dale", "claro", "1"}
NO = {"no", "n", "nop", "nope", "cancelar", "2"}
INTENT_ROUTES: dict[str, Route] = {
    "greet": ("greet", None),
    "menu": ("menu", None),
    "help": ("help", None),
    "human_handoff": ("handoff", None),
    "urgent_help": ("safety", None),
    "change_language": ("set_language", None),
    "opt_out": ("optout_hint", None),
    "delete_data": ("erase_request", None),
    "thanks": ("smalltalk", "thanks"),
    "goodbye": ("smalltalk", "goodbye"),
    "bot_challenge": ("smalltalk", "bot_challenge"),
    "affirm": ("smalltalk", "affirm"),
    "deny": ("smalltalk", "deny"),
    "out_of_scope": ("fallback", None),
    FALLBACK_INTENT: ("fallback", None),
}
# Keywords that still act while a person owns the conversation.
ALWAYS = {"optout", "optin", "erase_request", "leave_queue", "more", "safety", "queue_answer"}


def keyword(text: str) -> Route | None:
    """A whole-message keyword (trimmed, case- and accent-insensitive)."""
    cleaned = " ".join(text.strip().lower().split()).strip(".!¡¿? ")
    if not cleaned:
        return None
    return KEYWORDS.get(cleaned) or KEYWORDS.get(fold_accents(cleaned))


def choice_route(choice_id: str) -> Route:
    """The flow behind a button or numbered choice."""
    head, _, arg = choice_id.partition(":")
    table: dict[str, str] = {
        "topic": "topic",
        "article": "article",
        "lang": "set_language",
        "place": "services_place",
        "erase": "erase_answer",
        "menu": "menu",
        "human": "handoff",
        "services": "services",
        "guide": "guide",
        "start": "greet",
        "queue": "queue_answer",
        "shelter": "shelter_place",
        "rate": "rating",  # (#18) a press on 👍 / 👎
    }
    return table.get(head, "menu"), arg or None


def _pending(turn: Turn) -> Route | None:
    pending = turn.state.get("pending")
    if not pending:
        return None
    answer = turn.text.strip().lower().strip(".!¡¿? ")
    if pending == "erase":
        if answer in YES:
            return "erase_answer", "yes"
        if answer in NO or answer:
            return "erase_answer", "no"
    if pending == "services_place" and turn.text.strip():
        return "services_text", None
    if pending == "shelter_place" and turn.text.strip():
        return "shelter_place", None
    if pending.startswith("guide") and turn.text.strip():
        return "guide", "text"
    return None


def route(turn: Turn) -> Route:
    """Pick the flow for this turn. When a keyword, a digit, a button or a command decided it,
    the turn's intent says so (the flow, or `kb.<article>` for an article), with confidence 1:
    the NLU's guess about "MAS" or "3" is not what happened."""
    chosen = _choose(turn)
    if not turn.by_meaning:
        flow, arg = chosen
        if flow == "article" and arg:
            turn.intent = f"kb.{arg}"
        else:
            turn.intent = policy.URGENT_INTENT if flow == "safety" else flow
        turn.confidence = 1.0
    return chosen


def _choose(turn: Turn) -> Route:
    inbound = turn.inbound
    # Words the danger detector caught: emergency information before anything else.
    if policy.is_urgent(turn.danger):
        return "safety", None
    if inbound.kind == "choice" and inbound.choice_id:
        chosen = choice_route(inbound.choice_id)
        return _while_waiting(turn, chosen)
    answer = inbound.text.strip().lower().strip(".!¡¿? ")
    if turn.state.get("pending") == "erase" and (answer in YES or answer in NO):
        # "CANCELAR" answers the deletion question; it does not unsubscribe here.
        return "erase_answer", "yes" if answer in YES else "no"
    found = keyword(inbound.text)
    if found is not None:
        return _while_waiting(turn, found)
    if inbound.kind == "location":
        if turn.state.get("pending") == "shelter_place":
            return "shelter_place", None
        return _while_waiting(turn, ("services_location", None))
    if inbound.kind in ("media", "unsupported"):
        return _while_waiting(turn, ("media", None))
    if urgent_by_meaning(turn):
        # A plea the NLU reads as urgent help acts at once, even while a ticket waits
        # (a whole-message keyword such as AYUDA keeps its own meaning).
        return "safety", None
    text = inbound.text.strip()
    if turn.ticket_claimed:
        # A caseworker has it: messages go to them, except the answer to "keep the case?".
        digit = turn.choice_for_digit(int(text)) if re.fullmatch(r"\d{1,2}", text) else None
        return choice_route(digit) if digit and digit.startswith("queue:") else ("waiting", None)
    pending = None if text.startswith("/") else _pending(turn)
    if pending is not None:
        return pending
    if text.startswith("/"):
        command = text.split()[0].split("@")[0].lower()
        if command == "/start":
            payload = text.split(maxsplit=1)[1] if " " in text else ""
            return ("topic", payload) if payload in _topics(turn) else ("greet", None)
        return "unknown_command", None
    if not has_letters(text):
        return "empty", None
    if re.fullmatch(r"\d{1,3}", text):
        chosen_id = turn.choice_for_digit(int(text))
        return _while_waiting(turn, choice_route(chosen_id)) if chosen_id else ("bad_number", None)
    labelled = turn.choice_for_label(text)
    if labelled:
        return _while_waiting(turn, choice_route(labelled))
    chosen = _by_meaning(turn)
    if turn.ticket_open and not _answers_while_waiting(turn, chosen):
        # Waiting for a person: what is not a clear question ("sigo aqui") goes to them.
        return "waiting", None
    return chosen


# While a ticket waits, a question read by meaning is answered only when the NLU is this sure
# of it (the answer then says a person will also write); anything vaguer waits for the person.
WAITING_ANSWER_CONFIDENCE = 0.5


def _answers_while_waiting(turn: Turn, chosen: Route) -> bool:
    if chosen[0] in ("services_text", "handoff", "set_language", "erase_request", "safety"):
        return True
    parse = turn.parse
    return (
        chosen[0] == "answer"
        and parse is not None
        and parse.intent.name.startswith("kb.")
        and parse.intent.confidence >= WAITING_ANSWER_CONFIDENCE
    )


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
    )


def _topics(turn: Turn) -> set[str]:
    from bot.knowledge.models import TOPICS

    return set(TOPICS)


def _while_waiting(turn: Turn, chosen: Route) -> Route:
    """While a ticket is open: MENU (or a menu button) asks before leaving the queue; once a
    caseworker has claimed it, everything else goes to them; unclaimed, questions still get
    their answers (the engine adds that a person will also answer)."""
    if not turn.ticket_open:
        return chosen
    if chosen[0] == "menu":
        return "queue_confirm", None
    if chosen[0] in ALWAYS or not turn.ticket_claimed:
        return chosen
    return "waiting", None


def _by_meaning(turn: Turn) -> Route:
    turn.by_meaning = True
    parse = turn.parse
    if language.unsupported(turn.text):
        # Whatever we might guess from a French, Portuguese or Creole message ("je ne parle pas
        # espagnol" looks like a language change), the answer would be in a language they did
        # not use: say which we speak and offer a person. Danger and a confident plea for
        # urgent help were heard before this, in any language.
        return "unsupported_language", None
    if parse is None:
        return "fallback", None
    intent = parse.intent.name
    query = parse_query(turn.text)
    if (
        query.place
        and query.kinds
        and not intent.startswith("kb.")
        or (query.place and query.kinds and len(turn.text.split()) <= 6)
    ):
        return "services_text", None
    if intent == policy.URGENT_INTENT and not urgent_by_meaning(turn):
        # Not an alarm ("es urgente, mañana vence mi plazo"): answer from the articles it also
        # resembles, asking which one when unsure, rather than a fallback menu.
        if any(i.name.startswith("kb.") for i in parse.intent_ranking[:4]):
            return "answer", None
        return "fallback", None
    if intent.startswith("kb."):
        return "answer", None
    if intent == FALLBACK_INTENT and any(
        i.name.startswith("kb.") for i in parse.intent_ranking[:3]
    ):
        top = parse.intent_ranking[0]
        if top.name.startswith("kb.") and top.confidence >= 0.2:
            return "answer", None
    return INTENT_ROUTES.get(intent, ("fallback", None))
