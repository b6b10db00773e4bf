"""The pleasantry splitter, the follow-up reader and the thread state (issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.dialogue.state import DialogueState
from bot.dialogue.thread import FOLLOWUP_WINDOW, THREAD_KEY, Thread
from bot.engine.reading import clauses
from bot.understanding import followups
from bot.understanding.pleasantries import split


@pytest.mark.parametrize(
    ("text", "core", "greeting"),
    [
        (
            "hola buenas, mi hijo tiene fiebre alta y no tenemos cedula, lo atienden en el "
            "centro de salud?",
            "mi hijo tiene fiebre alta y no tenemos cedula, lo atienden en el centro de salud?",
            "hello",
        ),
        ("buenos dias, como saco la visa", "como saco la visa", "morning"),
        (
            "Buen día. ¿Cómo saco la cédula? Muchas gracias por su ayuda.",
            "como saco la cedula",
            "morning",
        ),
        (
            "Holaaa buenas noches, disculpe la molestia, donde pido refugio? gracias",
            "donde pido refugio",
            "evening",
        ),
        ("hello, good morning. how do I get a visa? thanks!", "how do i get a visa", "morning"),
        ("Hi, sorry to bother you, where can I see a doctor", "where can i see a doctor", "hello"),
        ("como saco la visa", "como saco la visa", None),
    ],
)
def test_pleasantries_are_set_aside_around_the_question(text, core, greeting) -> None:
    found = split(text)
    assert found.core == core
    assert found.greeting == greeting


@pytest.mark.parametrize(
    "text", ["hola", "Buenas tardes!!", "hola, buenos dias", "good morning", "gracias"]
)
def test_only_pleasantries_leave_no_question(text) -> None:
    assert split(text).core == ""


@pytest.mark.parametrize(
    "text", ["hijo enfermo", "quiero traer a mi amigo", "hipoteca", "olvide mi clave, que hago?"]
)
def test_words_that_only_look_like_pleasantries_stay(text) -> None:
    found = split(text)
    assert found.core == text and not found.polite


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("es urgente, mañana vence mi plazo", "mañana vence mi plazo"),
        ("urgent: my tourist days end tomorrow", "my tourist days end tomorrow"),
        ("necesito ayuda urgente con mi visa", "necesito ayuda con mi visa"),
        ("mi cedula se vence, lo antes posible por favor", "mi cedula se vence"),
    ],
)
def test_words_of_urgency_name_no_subject(text, core) -> None:
    # "es urgente, mañana vence mi plazo" read as the emergency article (0.84).
    found = split(text)
    assert found.urgency and found.core == core


def test_urgency_alone_leaves_no_question() -> None:
    # "ayuda urgente" keeps one word, which parse_question reads as the whole message again.
    assert split("es urgente").core == "" and split("ayuda urgente").core == "ayuda"


def test_thanks_and_apologies_are_noted() -> None:
    found = split("disculpe la molestia, donde saco la cedula? gracias")
    assert found.apology and found.thanks and found.greeting is None


@pytest.mark.parametrize(
    ("text", "facet"),
    [
        ("y cuanto cuesta?", "cost"),
        ("and how much does it cost?", "cost"),
        ("y donde?", "where"),
        ("where do I go?", "where"),
        ("y si no tengo pasaporte", "documents"),
        ("que papeles piden?", "documents"),
        ("y cuanto tiempo tarda?", "time"),
        ("and for my kids?", None),
        ("ok y en guayaquil?", "where"),
        ("a que hora abren", "time"),
        ("y ante quien me quejo?", "where"),
        ("y que me van a pedir?", "documents"),
        ("how long do I have", "time"),
        ("where can they get them", "where"),
        ("y eso se hace en linea o tengo que ir a una oficina?", "where"),
        ("y si soy venezolano irregular?", None),
        ("y?", None),
    ],
)
def test_follow_ups_name_the_part_they_ask_for(text, facet) -> None:
    assert followups.is_followup(text)
    assert followups.facet_of(text) == facet


@pytest.mark.parametrize(
    "text",
    ["como saco la visa", "me atienden en el hospital sin cedula si estoy embarazada de 5 meses?"],
)
def test_questions_of_their_own_are_not_follow_ups(text) -> None:
    assert not followups.is_followup(text)


def test_own_words_tell_a_new_subject_from_a_follow_up() -> None:
    assert followups.own_words("and how much does it cost?") == 0
    assert followups.own_words("y donde?") == 0
    assert followups.own_words("y cuanto cuesta la visa?") == 1
    # the verbs of asking where to go or what to bring name no subject
    assert followups.own_words("y donde me quejo?") == 0
    assert followups.own_words("what documents do they ask") == 0
    assert followups.own_words("y en ibarra?") == 0
    assert followups.own_words("cuanto es el sueldo basico") == 2


def test_continuations_and_conditions() -> None:
    assert followups.is_continuation("ok y?") and followups.is_continuation("and then?")
    assert not followups.is_continuation("y cuanto cuesta")
    assert followups.is_condition("y si soy irregular?")
    assert not followups.is_followup("ok") and not followups.is_followup("gracias")


def test_clauses_of_several_problems_and_of_one_question() -> None:
    assert [c for c, _ in clauses("se me vencio la visa y tambien la cedula")] == [
        "se me vencio la visa",
        "la cedula",
    ]
    cut = clauses("mi hijo tiene fiebre y no tenemos cedula, lo atienden en el centro de salud?")
    assert [asked for _, asked in cut] == [False, False, True]
    assert len(clauses("como saco la visa")) == 1


def test_thread_keeps_only_ids_and_times_under_one_key() -> None:
    now = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
    state = DialogueState()
    thread = Thread(article="reg-visas-residence", topic="regularisation", at=now.isoformat())
    thread.remember_list([["services", "Lugares de ayuda"]])
    thread.save(state)
    assert set(state.to_json()) == {"version", THREAD_KEY}
    loaded = Thread.load(state)
    assert loaded == thread
    assert loaded.alive(now + FOLLOWUP_WINDOW - timedelta(minutes=1))
    assert not loaded.alive(now + FOLLOWUP_WINDOW + timedelta(minutes=1))
    assert not Thread.load(DialogueState.from_json({THREAD_KEY: "garbage"})).alive(now)


def test_recent_lists_are_bounded_and_not_repeated() -> None:
    thread = Thread()
    for n in range(5):
        thread.remember_list([[f"topic:{n}", "x"]])
    thread.remember_list([["topic:4", "x"]])
    assert len(thread.recent) == 3 and thread.recent[-1] == [["topic:4", "x"]]
