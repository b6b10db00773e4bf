"""The prefilter never leaves out a pattern that matches (issue 19: the detector runs only the
patterns that can match a message's words)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.understanding import danger
from bot.understanding.normalize import normalize
from bot.understanding.prefilter import Prefilter, keys

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bsuicid\w*", {"suicid"}),
        (r"\b(me|nos) (pega|golpea)\b", {"pega", "golpea"}),  # the rarer words
        (r"\b(la )?policia\b", {"policia"}),
        (r"(?<!\bno )\bme pega", {"pega"}),
        (r"^(ayuda|auxilio)( ya)?$", {"ayuda", "auxilio"}),
        (r"\bni[nñ]o", {"ni"}),
        (r"\bhits|\b(kill|hurt) me\b", {"hits", "kill", "hurt"}),
        (r"\b(balacera|tiroteo)\b.{0,30}\bahora\b", {"balacera", "tiroteo"}),
    ],
)
def test_keys_are_words_a_match_must_start_a_word_with(pattern: str, expected: set[str]) -> None:
    assert keys(re.compile(pattern)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"suicid",  # no boundary: it matches inside a word ("xsuicida")
        r"\Bpega",  # inside a word
        r"(?i)\bpega",  # other cases
        r"\b(pega)?",  # can match nothing
    ],
)
def test_a_pattern_without_a_certain_word_is_always_run(pattern: str) -> None:
    assert keys(re.compile(pattern)) is None
    prefilter = Prefilter([re.compile(pattern)])
    assert prefilter.candidates("nada que ver") == [0]


def test_a_word_after_a_space_is_a_key_even_after_a_class() -> None:
    assert keys(re.compile(r"\b\w+ pega")) == {"pega"}
    assert keys(re.compile(r"[a-z]pega")) is None


def _data_texts() -> list[str]:
    texts: list[str] = []
    for path in [*sorted((ROOT / "nlu" / "data").glob("*.yml")), ROOT / "nlu" / "danger.yml"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("- "):
                texts.append(line[2:].strip().strip('"'))
    return texts


def _run_all(prefilter: Prefilter, text: str) -> set[int]:
    return {i for i, pattern in enumerate(prefilter.patterns) if pattern.search(text)}


def test_every_detector_pattern_is_keyed() -> None:
    """Keyed patterns are the speed: a detector pattern the parser cannot key runs on every
    message. Write new ones to start with words."""
    prefilter = danger._prefilter()
    assert prefilter.always == [], [prefilter.patterns[i].pattern[:60] for i in prefilter.always]


def test_no_matching_pattern_is_left_out_on_the_training_data() -> None:
    prefilter = danger._prefilter()
    texts = _data_texts()
    assert len(texts) > 5000
    for text in texts:
        norm = danger._IDIOMS.sub(" ", normalize(text))
        assert _run_all(prefilter, norm) <= set(prefilter.candidates(norm)), text


_KEY_WORDS = sorted(danger._prefilter().by_key)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_KEY_WORDS),
            st.sampled_from(["me", "mi", "no", "la", "a", "de", "ya", "hoy", "nos", "van"]),
            st.text(alphabet="abcdeimnoprstuñáé_ 0.,?", max_size=8),
        ),
        max_size=12,
    ),
    st.sampled_from([" ", "", ",", "  "]),
)
def test_no_matching_pattern_is_left_out_on_generated_text(words: list[str], glue: str) -> None:
    prefilter = danger._prefilter()
    text = glue.join(words)
    assert _run_all(prefilter, text) <= set(prefilter.candidates(text))


def test_detect_runs_few_patterns_on_an_ordinary_message() -> None:
    norm = normalize("buenas tardes, quiero saber como saco la visa de residencia temporal")
    assert len(danger._prefilter().candidates(norm)) < len(danger._prefilter().patterns) // 10
