"""GSM-7 text: transliteration, encoding detection and segment counting on known cases."""

from __future__ import annotations

import pytest

from bot import gsm7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Atención médica", "Atencion médica"),
        ("¿Cuál es tu número? ¡Hola!", "¿Cual es tu numero? ¡Hola!"),
        ("N.º 5 y 1ª vez", "N.o 5 y 1a vez"),
        ("\u201cpapeles\u201d \u2018ya\u2019 \u2014 fin\u2026", "\"papeles\" 'ya' - fin..."),
        ("niño, pingüino, café", "niño, pingüino, café"),
        ("ÁÍÓÚ", "AIOU"),
    ],
)
def test_transliteration_keeps_spanish_gsm7_letters(text: str, expected: str) -> None:
    assert gsm7.transliterate(text) == expected


def test_kept_letters_are_gsm7_and_acute_vowels_are_not() -> None:
    assert gsm7.is_gsm7("ñÑéÉüÜ¿¡")
    for char in "áíóú":
        assert not gsm7.is_gsm7(char)


@pytest.mark.parametrize(
    ("text", "segments", "encoding"),
    [
        ("", 1, "GSM-7"),
        ("a" * 160, 1, "GSM-7"),
        ("a" * 161, 2, "GSM-7"),
        ("a" * 306, 2, "GSM-7"),
        ("a" * 307, 3, "GSM-7"),
        ("€" * 80, 1, "GSM-7"),  # extension characters count twice: 160 septets
        ("€" * 81, 2, "GSM-7"),
        ("á" * 70, 1, "UCS-2"),
        ("á" * 71, 2, "UCS-2"),
        ("á" * 134, 2, "UCS-2"),
        ("á" * 135, 3, "UCS-2"),
        ("😀" * 35, 1, "UCS-2"),  # emoji are two UTF-16 units
        ("😀" * 36, 2, "UCS-2"),
        ("a" * 159 + "á", 3, "UCS-2"),  # one non-GSM character switches the whole message
    ],
)
def test_segment_counts(text: str, segments: int, encoding: str) -> None:
    assert gsm7.segment_count(text) == segments
    assert gsm7.encoding_of(text) == encoding


def test_prepare_folds_then_measures() -> None:
    prepared = gsm7.prepare("Puedes ir al médico sin cédula. Atención gratuita.")
    assert prepared.encoding == "GSM-7"
    assert prepared.segments == 1
    assert "Atencion" in prepared.text


def test_cut_to_fit_prefers_sentence_boundaries() -> None:
    text = "Primera frase corta. " * 10
    head, rest = gsm7.cut_to_fit(text, 100)
    assert gsm7.units(head) <= 100
    assert head.endswith(".")
    assert (head + " " + rest).split() == text.split()


def test_strip_to_gsm7_drops_emoji() -> None:
    assert gsm7.strip_to_gsm7("hola 😀 qué tal") == "hola  qué tal"
