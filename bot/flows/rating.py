"""Rating answers: "¿Te sirvió? 👍 👎" after an answer, and what a press does.

```mermaid
flowchart LR
  ans[answer from an article] --> ok{safety reply or urgent ticket open?}
  ok -->|yes| none[no question]
  ok -->|no| ch{channel}
  ch -->|telegram, whatsapp, web| ask[👍 👎 under the answer, or joining its list]
  ch -->|sms| sms{every 3rd answer, not the last turn, fits 2 segments?}
  sms -->|yes| join[3 Me sirvió / 4 No me sirvió join the last numbered list]
  ask --> press[rate:up / rate:down] --> thanks[thanks; 👎 offers a person]
```

Pure over the Turn, like every flow. The engine calls `offer` after each flow and its privacy
notice (one hook), so the question sits right above its buttons, and
bot/quality/hooks.py stores what `handle` left in `state["rated"]`.
"""

from __future__ import annotations

from bot import gsm7
from bot.dialogue.triggers import FlowSpec
from bot.dialogue.turn import Turn
from bot.messages import Choice, OutboundMessage

SMS_EVERY = 3  # on SMS, ask on every third answer at most
SMS_SEGMENTS = 2  # the SMS budget of one turn (DESIGN: at most 2 GSM-7 segments)
ANSWER_FLOWS = ("answer", "article")
RATED_KEY = "rated"  # {"article": id, "value": 1 | -1}, taken by the storage hook
PROMPTED_KEY = "rating_prompted"  # the last turn asked
COUNT_KEY = "answers_unrated"  # SMS answers since the last question

TEXTS: dict[str, dict[str, str]] = {
    "ask": {"es": "¿Te sirvió?", "en": "Did this help?"},
    "up": {"es": "👍", "en": "👍"},
    "down": {"es": "👎", "en": "👎"},
    "sms_up": {"es": "Me sirvió", "en": "It helped"},
    "sms_down": {"es": "No me sirvió", "en": "It did not help"},
    "thanks_up": {
        "es": "¡Gracias! Escribe otra pregunta cuando quieras, o MENU.",
        "en": "Thank you! Write another question whenever you like, or MENU.",
    },
    "thanks_down": {
        "es": "Gracias por decírmelo: lo revisaremos. ¿Quieres hablar con una persona?",
        "en": "Thank you for telling me: we will look at it. Do you want to talk to a person?",
    },
    "person": {"es": "Hablar con una persona", "en": "Talk to a person"},
    "menu": {"es": "Menú", "en": "Menu"},
}


def say(key: str, lang: str) -> str:
    """One of this flow's sentences."""
    texts = TEXTS[key]
    return texts.get(lang) or texts["es"]


def _sms_text(replies: list[OutboundMessage]) -> str:
    """The turn as one SMS text, as the SMS renderer composes it: short texts, numbered lists."""
    blocks = []
    for reply in replies:
        lines = [reply.short or reply.text]
        lines += [f"{i} {c.label}" for i, c in enumerate(reply.choices, 1)]
        blocks.append("\n".join(lines))
    return gsm7.transliterate("\n".join(blocks))


def _may_ask(turn: Turn, flow_name: str) -> bool:
    if flow_name not in ANSWER_FLOWS or turn.urgent or turn.danger_category:
        return False
    if turn.ticket_urgent or turn.effects.ticket is not None:
        return False
    return len(turn.article_ids) == 1 and any(
        r.kind == "answer" and r.article_id for r in turn.replies
    )


def offer(turn: Turn, flow_name: str) -> None:
    """After a flow: join the rating question to the last list of an answer, when allowed."""
    asked_last = turn.state.rating_prompted
    turn.state.rating_prompted = False
    if not _may_ask(turn, flow_name):
        return
    article = turn.article_ids[0]
    sms = turn.inbound.channel == "sms"
    if sms:
        count = turn.state.answers_unrated + 1
        turn.state.answers_unrated = count
        if asked_last or count < SMS_EVERY:
            return
    keys = ("sms_up", "sms_down") if sms else ("up", "down")
    rating = (
        Choice(f"rate:up:{article}", say(keys[0], turn.lang)),
        Choice(f"rate:down:{article}", say(keys[1], turn.lang)),
    )
    # A digit answers the last numbered list: the rating joins it, or becomes the list.
    last = turn.replies[-1]
    ask = say("ask", turn.lang)
    if last.choices:
        joined = OutboundMessage(
            f"{last.text}\n\n{ask}",
            (*last.choices, *rating),
            f"{last.short}\n{ask}" if last.short else None,
            last.kind,
            last.article_id,
            last.location_request,
        )
        replies = [*turn.replies[:-1], joined]
    elif sms:
        joined = OutboundMessage(ask, rating, ask, "rating")  # composed into the same SMS
        replies = [*turn.replies, joined]
    else:
        # The buttons go under the answer itself: one message, the question right above them.
        joined = OutboundMessage(
            f"{last.text}\n\n{ask}", rating, last.short, last.kind, last.article_id
        )
        replies = [*turn.replies[:-1], joined]
    if sms and gsm7.segment_count(_sms_text(replies)) > SMS_SEGMENTS:
        return  # no room this time: the next answer may have it
    turn.replies[:] = replies
    turn.remember_choices(joined.choices)
    turn.state.rating_prompted = True
    if sms:
        turn.state.answers_unrated = 0


def handle(turn: Turn, arg: str | None) -> None:
    """A press on 👍 or 👎 (`up:<article>` / `down:<article>`): thanks, and for 👎 a person."""
    value, _, article = (arg or "").partition(":")
    if value not in ("up", "down") or not turn.kb.article(article, turn.lang):
        turn.say(say("thanks_up", turn.lang))
        return
    turn.state.rated = {"article": article, "value": 1 if value == "up" else -1}
    if value == "up":
        turn.say(say("thanks_up", turn.lang))
        turn.state.choices = []
        return
    choices = [Choice("human", say("person", turn.lang)), Choice("menu", say("menu", turn.lang))]
    turn.say(say("thanks_down", turn.lang), choices=choices)
    turn.remember_choices(choices)


SPECS = (FlowSpec("rating", handle, choices=("rate",)),)
