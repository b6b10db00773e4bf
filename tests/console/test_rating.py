"""People rate answers (#18): "¿Te sirvió? 👍 👎" after an answer, now and then on SMS, joined
to the last numbered list, never after a safety reply or while an urgent ticket is open.

Transcripts (user says / bot says) through the real engine, web and SMS renderings.
"""

from __future__ import annotations

from sqlalchemy import select

from bot import gsm7
from bot.flows import rating
from bot.quality.models import Rating, TurnStat
from bot.runtime import Runtime
from tests.conftest import Person

QUESTION = "puedo ir al medico sin cedula?"
OTHER = "como pido refugio en ecuador"


def choice_ids(result) -> list[str]:
    return [c["id"] for r in result.rendered for c in r.choices]


async def test_web_answer_asks_and_a_press_is_stored(sqlite_runtime: Runtime) -> None:
    person = Person(sqlite_runtime, "web", "w-rate")
    # user says: a health question
    answer = await person.says(QUESTION)
    assert answer.topic == "health" and answer.article_ids
    article = answer.article_ids[0]
    # bot says: the answer, then "¿Te sirvió?" with 👍 👎 as its list
    assert choice_ids(answer)[-2:] == [f"rate:up:{article}", f"rate:down:{article}"]
    assert "¿Te sirvió?" in answer.rendered[-1].text
    # user presses 👎: thanks, and a person is offered
    down = await person.picks(f"rate:down:{article}")
    assert "Gracias por decírmelo" in down.replies[0].text
    assert choice_ids(down) == ["human", "menu"]
    async with sqlite_runtime.db.sessions() as session:
        rows = list(await session.scalars(select(Rating)))
        turns = list(await session.scalars(select(TurnStat)))
    assert [(r.article_id, r.value, r.channel) for r in rows] == [(article, -1, "web")]
    assert len(turns) == 2 and turns[0].topic == "health" and turns[0].article_id == article


async def test_a_digit_picks_the_rating_from_the_joined_list(sqlite_runtime: Runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "t-rate")
    answer = await person.says(QUESTION)
    ids = choice_ids(answer)
    up = ids.index(f"rate:up:{answer.article_ids[0]}") + 1
    thanks = await person.says(str(up))
    assert thanks.replies[0].text.startswith("¡Gracias!")
    async with sqlite_runtime.db.sessions() as session:
        assert [r.value for r in await session.scalars(select(Rating))] == [1]


async def test_no_rating_after_a_safety_reply_or_with_an_urgent_ticket(
    sqlite_runtime: Runtime,
) -> None:
    person = Person(sqlite_runtime, "web", "w-danger")
    danger = await person.says("mi pareja me pega y tengo miedo, ayuda")
    assert danger.urgent
    assert not any(i.startswith("rate:") for i in choice_ids(danger))
    # the urgent ticket is open: an answer now is not followed by a rating question
    later = await person.says(QUESTION)
    assert not any(i.startswith("rate:") for i in choice_ids(later))


async def test_sms_asks_every_third_answer_within_two_segments(sqlite_runtime: Runtime) -> None:
    person = Person(sqlite_runtime, "sms", "+593990000111")
    asked = []
    # Two questions of different articles in turn: the same question again right after its
    # answer would read as a follow-up of that answer (issue 16), not as a new answer.
    for n in range(7):
        result = await person.says(("donde hay servicios de salud gratis?", OTHER)[n % 2])
        if not result.article_ids or len(result.article_ids) != 1:
            result = await person.says(QUESTION)
        text = "\n".join(r.text for r in result.rendered)
        has = "Me sirvi" in text
        asked.append(has)
        for r in result.rendered:
            assert gsm7.segment_count(r.text) <= 2
        if has:
            assert "Te sirvi" in text  # the question is asked, not only listed
    # Never twice in a row, and not on every answer.
    assert not any(a and b for a, b in zip(asked, asked[1:], strict=False))
    assert 1 <= asked.count(True) <= 3, asked


def test_sms_rating_joins_the_offer_list_and_respects_the_budget() -> None:
    from bot.messages import Choice, OutboundMessage

    offer = OutboundMessage("¿Hablar con alguien?", (Choice("human", "Persona"),), "¿Persona?")
    rows = [OutboundMessage("x" * 200, short="x" * 200, kind="answer", article_id="a"), offer]
    text = rating._sms_text(rows)
    assert text.endswith("1 Persona")
    too_long = [OutboundMessage("y" * 300, short="y" * 300, kind="answer", article_id="a")]
    assert gsm7.segment_count(rating._sms_text(too_long)) <= 2
