"""Several questions in one message (issue 16, round 20), from topic development sets 15-17: a
question closing on "where do I go first?" is a part of the question before it, and a cédula
question comes after a status only when the message names one. Written for these tests, not
copied from any set."""

from __future__ import annotations

import pytest

from bot.understanding.followups import own_words
from bot.understanding.normalize import normalize
from tests.conftest import Person


@pytest.mark.parametrize("text", ["where do I go first?", "y a donde voy primero?"])
def test_first_adds_no_subject_to_a_where_question(text: str) -> None:
    assert own_words(normalize(text)) == 0


@pytest.mark.parametrize(
    ("channel", "text"),
    [
        (
            "web",
            "Hello. They gave me my temporary residence visa. How do I get the cedula? "
            "Where do I go first?",
        ),
        ("sms", "hola ya me dieron la visa temporal, como saco la cedula? a donde voy primero?"),
    ],
)
async def test_a_cedula_question_is_not_put_after_what_its_last_clause_resembles(
    sqlite_runtime, channel: str, text: str
) -> None:
    # Before: "where do I go first?" alone read as the first steps after a sexual assault, and
    # the cédula, put after any other problem, came second.
    person = Person(sqlite_runtime, channel, f"r20-cedula-{channel}")
    result = await person.says(text)
    assert result.article_ids[:1] == ["reg-cedula-foreigners"], result.article_ids
