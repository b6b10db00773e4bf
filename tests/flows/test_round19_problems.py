"""Several questions in one message (issue 16, round 19): found by leaving each topic
development set out, where a second question read alone, or a clause past the fourth, sent the
person to the papers article. Written for these tests, not copied from any set."""

from __future__ import annotations

import pytest

from bot.engine.reading import MAX_CLAUSES, clauses, problems
from tests.conftest import Person

CHANNELS = ["web", "sms"]


def test_every_clause_is_kept_so_a_late_question_is_read() -> None:
    text = (
        "mi hijo tiene 8 años, yo no se como meterlo, yo no tengo cedula, solo pasaporte, "
        "la escuela cobra?"
    )
    cut = clauses(text)
    assert len(cut) > MAX_CLAUSES
    assert cut[-1] == ("la escuela cobra", True)


async def test_a_question_for_a_part_is_read_with_the_question_before(sqlite_runtime) -> None:
    # "cuanto cobran" alone read as the overstay fines; it asks the cost of the school.
    found = await problems(
        sqlite_runtime.nlu, "mi hermano tiene 10, lo reciben en la escuela? cuanto cobran?"
    )
    assert [article for article, _ in found] in ([], ["education-enrolment"])


@pytest.mark.parametrize("channel", CHANNELS)
async def test_questions_asked_in_turn_answer_the_message_not_the_papers(
    sqlite_runtime, channel
) -> None:
    person = Person(sqlite_runtime, channel, f"r19-asked-{channel}")
    result = await person.says(
        "hay albergues para familias con niños en quito? cuantos dias dejan quedarse?"
    )
    assert result.topic == "services", result.article_ids


@pytest.mark.parametrize("channel", CHANNELS)
async def test_problems_told_as_a_list_still_put_status_first(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"r19-list-{channel}")
    result = await person.says(
        "tengo el pasaporte vencido, escuche que hay una nueva amnistia y mi hija necesita "
        "entrar a la escuela"
    )
    assert result.topic == "regularisation"


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_new_question_with_a_part_question_after_it_leaves_the_thread(
    sqlite_runtime, channel
) -> None:
    # Tried as a newcomer would (2026-12-06): after the school answer, "como saco la visa? y
    # cuanto cuesta?" was read as "and how much does it cost?" of the school article.
    person = Person(sqlite_runtime, channel, f"r19-new-{channel}")
    first = await person.says("mi hijo puede entrar a la escuela sin papeles?")
    assert first.topic == "education"
    second = await person.says("buenos dias, como saco la visa? y cuanto cuesta?")
    assert second.topic == "regularisation", second.article_ids
