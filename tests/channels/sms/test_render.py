"""SMS rendering and the segment calculator, on known cases and on every article."""

from __future__ import annotations

from datetime import date

import pytest

from bot import gsm7
from bot.channels.sms.render import render
from bot.knowledge.compose import sms_text
from bot.messages import Choice, OutboundMessage


@pytest.mark.parametrize(
    ("text", "segments", "encoding"),
    [
        ("a" * 160, 1, "GSM-7"),
        ("a" * 161, 2, "GSM-7"),  # 161 septets: two parts of at most 153
        ("a" * 306, 2, "GSM-7"),
        ("a" * 307, 3, "GSM-7"),
        ("ñé¿¡ü" * 32, 1, "GSM-7"),  # Spanish letters kept in GSM-7 cost one septet
        ("€" * 80, 1, "GSM-7"),  # extension characters count 2
        ("a" * 159 + "[", 2, "GSM-7"),  # 161 septets
        ("{}" * 76 + "a" * 2, 2, "GSM-7"),  # 304 + 2 = 306 septets, the two-part maximum
        ("á" * 70, 1, "UCS-2"),
        ("á" * 71, 2, "UCS-2"),  # 67 per part
        ("á" * 134, 2, "UCS-2"),
        ("á" * 135, 3, "UCS-2"),
        ("😀" * 35, 1, "UCS-2"),  # emoji take two UTF-16 units
        ("😀" * 35 + "a", 2, "UCS-2"),  # 70 + 1 = 71 units
        ("a" * 100 + "ó", 2, "UCS-2"),  # one accent switches the whole SMS: 101 > 70
    ],
)
def test_segment_calculator_known_cases(text, segments, encoding) -> None:
    assert gsm7.encoding_of(text) == encoding
    assert gsm7.segment_count(text) == segments


def sms(*replies: OutboundMessage, state: dict | None = None, lang: str = "es"):
    state = {} if state is None else state
    [rendered] = render(list(replies), lang=lang, state=state)
    return rendered, state


def test_accents_outside_gsm7_are_folded_and_spanish_letters_kept() -> None:
    text = "¿Cómo está? Información: ¡Sí! Año, pingüino, café, N.º 5, “papeles” y ‘ya’ … ok"
    rendered, _ = sms(OutboundMessage(text))
    assert (
        rendered.text
        == "¿Como esta? Informacion: ¡Si! Año, pingüino, café, N.o 5, \"papeles\" y 'ya' ... ok"
    )
    assert rendered.encoding == "GSM-7" and rendered.segments == 1


def test_emoji_never_turn_an_sms_into_ucs2() -> None:
    rendered, _ = sms(OutboundMessage("Hola 👋 aquí estoy 🙏"))
    assert rendered.encoding == "GSM-7"
    assert rendered.text == "Hola  aqui estoy "


def test_short_text_is_preferred_and_choices_are_numbered() -> None:
    choices = (Choice("topic:health", "Salud"), Choice("human", "Hablar con una persona"))
    rendered, _ = sms(OutboundMessage("A long Telegram text", choices, short="Elige:"))
    assert rendered.text == "Elige:\n1 Salud\n2 Hablar con una persona"
    assert [c["id"] for c in rendered.choices] == ["topic:health", "human"]
    assert rendered.payload == {"body": rendered.text}


def test_a_turn_is_one_sms_and_fits_one_segment_when_it_can() -> None:
    rendered, state = sms(OutboundMessage("Hola."), OutboundMessage("Escribe tu pregunta."))
    assert rendered.text == "Hola.\nEscribe tu pregunta."
    assert rendered.segments == 1 and "more" not in state


def test_what_does_not_fit_two_segments_waits_behind_mas() -> None:
    answer = "Respuesta corta con su fuente. Fuente: gob.ec, rev. 11/2026."
    listing = "\n".join(
        f"{n} Servicio numero {n}, direccion larga de la oficina" for n in range(1, 9)
    )
    rendered, state = sms(OutboundMessage(answer), OutboundMessage(listing))
    assert rendered.segments == 2 and rendered.text.endswith("\n(MAS)")
    assert rendered.text.startswith(answer)  # the answer keeps its footer
    assert state["more"] and state["more"].split("\n")[0] not in rendered.text
    continued, state = sms(OutboundMessage(state["more"]), state=state)
    assert continued.segments <= 2
    english, _ = sms(OutboundMessage(listing * 2), lang="en")
    assert english.text.endswith("\n(MORE)")


def test_one_long_paragraph_is_cut_at_a_sentence() -> None:
    text = " ".join(f"Frase numero {n} del texto." for n in range(40))
    rendered, state = sms(OutboundMessage(text))
    assert rendered.segments == 2
    assert rendered.text.removesuffix("\n(MAS)").endswith(".")
    assert state["more"].startswith("Frase numero")


def test_optout_confirmation_is_marked_for_the_sender() -> None:
    rendered, _ = sms(OutboundMessage("Listo, no te enviaremos mas mensajes.", kind="optout"))
    assert rendered.payload["optout_confirmation"] is True
    plain, _ = sms(OutboundMessage("Hola"))
    assert "optout_confirmation" not in plain.payload


def test_every_article_answer_is_one_gsm7_sms_of_at_most_two_segments(kb) -> None:
    today = date(2026, 11, 28)
    for article in kb.articles.values():
        text = sms_text(article, today=today)
        rendered, state = sms(OutboundMessage("full", short=text))
        assert rendered.encoding == "GSM-7", article.id
        assert rendered.segments <= 2, article.id
        assert rendered.text == text and "more" not in state, article.id


def test_extension_characters_past_the_two_part_maximum_cost_a_third() -> None:
    assert gsm7.segment_count("{}" * 76 + "a" * 3) == 3


NOTICE = "Datos privados: BORRAR los elimina, BAJA para no recibir mas."


def test_a_closing_notice_joins_the_sms_when_both_fit_two_segments() -> None:
    answer = OutboundMessage("full", short="Respuesta corta. Fuente: gob.ec, rev. 11/2026.")
    notice = OutboundMessage("Tus datos son privados...", short=NOTICE, kind="notice")
    rendered, state = sms(answer, notice)
    assert rendered.text.endswith(NOTICE) and rendered.segments == 1


def test_a_closing_notice_that_would_fall_behind_mas_is_its_own_short_sms() -> None:
    long_answer = "Frase del texto largo. " * 11  # with its choices, 283 of 306 characters
    choices = (Choice("human", "Hablar con una persona"), Choice("menu", "Menu"))
    answer = OutboundMessage("full", choices, short=long_answer.strip())
    notice = OutboundMessage("Tus datos son privados...", short=NOTICE, kind="notice")
    state: dict = {}
    body, alone = render([answer, notice], lang="es", state=state)
    assert NOTICE not in body.text and "(MAS)" not in body.text and "more" not in state
    assert body.segments == 2 and [c["id"] for c in body.choices] == ["human", "menu"]
    assert alone.text == NOTICE and alone.segments == 1 and alone.encoding == "GSM-7"
    assert alone.choices == [] and alone.payload == {"body": NOTICE}


def test_a_notice_is_never_the_remainder_kept_for_mas() -> None:
    longer = OutboundMessage("full", short=" ".join(f"Frase numero {n}." for n in range(40)))
    notice = OutboundMessage("x", short=NOTICE, kind="notice")
    state: dict = {}
    body, alone = render([longer, notice], lang="es", state=state)
    assert body.text.endswith("\n(MAS)") and body.segments == 2
    assert NOTICE not in state["more"] and alone.text == NOTICE
