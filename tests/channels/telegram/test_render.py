"""Telegram rendering rules: HTML escaping, the 4,096-character split, 64-byte callback_data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.channels.telegram.render import (
    MAX_CALLBACK_BYTES,
    MAX_TEXT,
    callback_data,
    render,
    split_text,
    utf16_len,
)
from bot.messages import Choice, OutboundMessage
from bot.storage.models import ConversationState
from tests.conftest import Person


def test_the_bots_own_text_is_escaped_and_the_answer_title_is_bold() -> None:
    reply = OutboundMessage(
        "Trabajo & derechos <2025>\nSi ganas < 460 USD & no tienes contrato > pide ayuda.",
        kind="answer",
    )
    [rendered] = render([reply], lang="es", state={})
    text = rendered.payload["text"]
    assert rendered.payload["parse_mode"] == "HTML"
    assert text.startswith("<b>Trabajo &amp; derechos &lt;2025&gt;</b>\n")
    assert "Si ganas &lt; 460 USD &amp; no tienes contrato &gt; pide ayuda." in text
    assert rendered.text == reply.text, "the stored plain text is not escaped"


def test_a_long_text_is_split_at_paragraphs_under_4096_utf16_units() -> None:
    paragraph = "Tienes derecho a la salud pública en Ecuador, con o sin papeles. " * 12
    text = "\n\n".join(f"{index}. {paragraph.strip()}" for index in range(12))
    assert utf16_len(text) > 2 * MAX_TEXT
    parts = split_text(text)
    assert len(parts) == 3
    assert all(utf16_len(part) <= MAX_TEXT for part in parts)
    assert all(part.rstrip().endswith("papeles.") for part in parts), "cut between paragraphs"
    assert "\n\n".join(parts) == text


def test_emoji_count_twice_toward_the_limit() -> None:
    text = "🆘" * 3000  # 3,000 characters, 6,000 UTF-16 units, no spaces to cut at
    parts = split_text(text)
    assert [utf16_len(part) for part in parts] == [4096, 1904]
    assert "".join(parts) == text


def test_a_forced_cut_never_splits_an_html_entity() -> None:
    text = "a" * 4093 + "&amp;" + "b" * 10
    first, second = split_text(text)
    assert first == "a" * 4093 and second.startswith("&amp;")


def test_the_buttons_go_on_the_last_part_only() -> None:
    long = "\n\n".join(["palabra " * 300] * 4)
    reply = OutboundMessage(long, choices=(Choice("menu", "Menú"),))
    rendered = render([reply], lang="es", state={})
    assert len(rendered) > 1
    assert all("buttons" not in r.payload for r in rendered[:-1])
    assert rendered[-1].payload["buttons"] == [[{"text": "Menú", "callback_data": "menu"}]]


def test_a_choice_id_over_64_bytes_travels_as_a_short_key() -> None:
    state: dict[str, Any] = {}
    long_id = "article:" + "regularización-" * 5  # accents count 2 bytes each
    assert len(long_id.encode()) > MAX_CALLBACK_BYTES
    key = callback_data(long_id, state)
    assert key.startswith("k:") and len(key.encode()) <= MAX_CALLBACK_BYTES
    assert state["callbacks"] == {key: long_id}
    assert callback_data(long_id, state) == key, "the same id gets the same key"
    assert callback_data("human", state) == "human", "short ids are sent as they are"


async def test_a_pressed_short_key_is_read_back_as_its_choice(runtime) -> None:
    person = Person(runtime, "telegram", "100000777")
    await person.says("hola")
    state: dict[str, Any] = {}
    key = callback_data("human" + " " * 70, state)  # a long id standing for "human"
    async with runtime.db.sessions.begin() as session:
        row = await session.scalar(select(ConversationState))
        assert row is not None
        channel = {**row.data.get("channel", {}), "callbacks": {key: "human"}}
        row.data = {**row.data, "channel": channel}
    result = await person.picks(key)
    assert result.handoff, "the key was resolved to the choice it stands for"
    unknown = await person.picks("k:0000000000000000")
    # An unknown key means the menu; a ticket being open, the menu asks first (issue 12).
    assert unknown.rendered and "sigue abierto" in unknown.rendered[0].text
