"""Main menu, topic lists, help and small talk.

```mermaid
flowchart LR
  hola[greet / MENU] --> menu[welcome + 12 choices]
  menu -->|topic:x| list[articles of topic x]
  list -->|article:id| answer
  list -->|guide:start| guide[regularisation guide]
  menu -->|services| services
  menu -->|human| handoff
```
"""

from __future__ import annotations

from bot.dialogue.texts import MENU_TOPICS, TOPIC_LABELS, topic_label
from bot.dialogue.triggers import FlowSpec, Route
from bot.dialogue.turn import Turn
from bot.flows import guide
from bot.flows.topic_order import ordered
from bot.messages import Choice


def menu_choices(turn: Turn) -> list[Choice]:
    """The ten topics, the services directory and a person, in menu order."""
    choices = [Choice(f"topic:{topic}", topic_label(topic, turn.lang)) for topic in MENU_TOPICS]
    choices.append(Choice("services", turn.t("choice_services")))
    choices.append(Choice("human", turn.t("choice_human")))
    return choices


def show_menu(turn: Turn, *, intro: str | None = None, short: str | None = None) -> None:
    """Offer the main menu (`short` is the SMS-sized intro)."""
    choices = menu_choices(turn)
    turn.say(intro or turn.t("menu"), choices=choices, kind="menu", short=short)
    turn.remember_choices(choices)


def greet(turn: Turn, _arg: str | None = None) -> None:
    """A greeting gets the welcome and the menu."""
    show_menu(turn, intro=turn.t("welcome"), short=turn.t("welcome_short"))


def menu(turn: Turn, _arg: str | None = None) -> None:
    """MENU, /menu, /start."""
    show_menu(turn)


def topic(turn: Turn, name: str | None) -> None:
    """The questions of one topic, as choices. A topic that no longer exists (a button pressed
    on an old message) gets the menu."""
    if not name or name not in TOPIC_LABELS:
        show_menu(turn)
        return
    articles = ordered(name, turn.kb.by_topic(name, turn.lang))
    label = topic_label(name, turn.lang)
    turn.topic = name
    if not articles:
        choices = [Choice("human", turn.t("choice_human")), Choice("menu", turn.t("choice_menu"))]
        turn.say(turn.t("topic_empty", topic=label), choices=choices)
        turn.remember_choices(choices)
        return
    choices = [Choice(f"article:{a.id}", a.title) for a in articles]
    if name == "regularisation":
        choices.insert(0, guide.entry_choice(turn.lang))
    choices.append(Choice("menu", turn.t("choice_menu")))
    turn.say(turn.t("topic_intro", topic=label), choices=choices, kind="topic")
    turn.remember_choices(choices)


def help_(turn: Turn, _arg: str | None = None) -> None:
    """How to use the assistant."""
    choices = [Choice("menu", turn.t("choice_menu")), Choice("human", turn.t("choice_human"))]
    turn.say(turn.t("help"), choices=choices, kind="help")
    turn.remember_choices(choices)


def smalltalk(turn: Turn, intent: str | None) -> None:
    """Thanks, goodbye, "are you a bot?", and yes/no with nothing pending."""
    if intent == "thanks":
        turn.say(turn.t("thanks"))
    elif intent == "goodbye":
        turn.say(turn.t("goodbye"))
    elif intent == "bot_challenge":
        choices = [Choice("human", turn.t("choice_human")), Choice("menu", turn.t("choice_menu"))]
        turn.say(turn.t("bot_challenge"), choices=choices)
        turn.remember_choices(choices)
    else:
        show_menu(turn, intro=turn.t("anything_else"))


def start_command(turn: Turn, payload: str) -> Route:
    """/start, or a deep link /start <topic> (a Telegram link opening one topic)."""
    from bot.knowledge.models import TOPICS

    return ("topic", payload) if payload in set(TOPICS) else ("greet", None)


SPECS = (
    FlowSpec(
        "greet",
        greet,
        commands={"/start": start_command},
        intents={"greet": None},
        choices=("start",),
    ),
    FlowSpec(
        "menu",
        menu,
        keywords=dict.fromkeys(["menu", "/menu", "menú", "inicio menu", "0"]),
        intents={"menu": None},
        choices=("menu",),
    ),
    FlowSpec("topic", topic, choices=("topic",)),
    FlowSpec(
        "help",
        help_,
        keywords=dict.fromkeys(["ayuda", "help", "/help", "info", "/ayuda"]),
        intents={"help": None},
    ),
    FlowSpec(
        "smalltalk",
        smalltalk,
        intents={i: i for i in ("thanks", "goodbye", "bot_challenge", "affirm", "deny")},
    ),
)
