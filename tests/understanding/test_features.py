"""The feature analyzer: the per-word n-gram memo used in training changes nothing (issue 19)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.understanding.features import analyze, char_grams

WORDS = st.text(alphabet="abcdeñó1 ", min_size=0, max_size=40)


def test_char_grams_of_a_word():
    assert char_grams("si") == ["c: si", "c:si ", "c: si "]


def test_analyze_names_words_pairs_and_grams():
    names = analyze("visa 2024")
    assert names[:3] == ["w:visa", "w:<n>", "b:visa_<n>"]
    assert "c: vis" in names and "c:<n> " in names


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=8))
def test_memo_gives_the_same_names(texts):
    grams: dict[str, list[str]] = {}
    for text in texts + texts:  # the second pass reads every word from the memo
        assert analyze(text, grams) == analyze(text)


def test_memo_lists_are_not_shared_with_results():
    grams: dict[str, list[str]] = {}
    first = analyze("hola hola", grams)
    first.append("x")
    assert grams["hola"] == char_grams("hola")
