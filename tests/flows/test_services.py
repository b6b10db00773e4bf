"""Transcripts of "Lugares de ayuda": the national emergency and protection lines first, then
local services by city or shared location, as Telegram buttons and as SMS numbered lists."""

from __future__ import annotations

import re

import pytest

from bot import gsm7
from bot.flows.services import contact
from bot.knowledge.directory import national_lines
from bot.messages import Location, TurnResult
from tests.conftest import Person

CHANNELS = ["telegram", "sms"]
PLACES = ["Quito", "Ibarra", "Otavalo", "Otra ciudad"]


def shown(result: TurnResult) -> str:
    """Everything the person sees in this turn, as one string."""
    return "\n".join(r.text for r in result.rendered)


def labels(result: TurnResult) -> list[str]:
    """The choice labels of the turn (buttons or numbered lines)."""
    return [c["label"] for r in result.rendered for c in r.choices]


def assert_rendered(result: TurnResult, channel: str, *, more_allowed: bool = False) -> None:
    """Buttons on Telegram; on SMS `N label` lines, every SMS GSM-7 in at most 2 segments."""
    offered = labels(result)
    assert offered
    if channel == "telegram":
        buttons = [b[0]["text"] for r in result.rendered for b in r.payload.get("buttons", [])]
        assert buttons == offered
        return
    for sms in result.rendered:
        assert sms.segments is not None and sms.segments <= 2 and sms.encoding == "GSM-7"
    if not more_allowed:
        assert "(MAS)" not in shown(result)
        for number, label in enumerate(offered, 1):
            assert f"\n{number} {gsm7.transliterate(label)}" in shown(result)


async def choose(person: Person, result: TurnResult, label: str) -> TurnResult:
    """Tap the button (Telegram) or send the digit (SMS) of the choice labelled `label`."""
    offered = [c for r in result.rendered for c in r.choices]
    names = [c["label"] for c in offered]
    assert label in names, f"{label!r} not offered: {names}"
    if person.channel == "telegram":
        return await person.picks(offered[names.index(label)]["id"])
    return await person.says(str(names.index(label) + 1))


async def open_services(person: Person, lang: str = "es") -> TurnResult:
    """MENU, then the menu's services entry."""
    menu = await person.says("menu" if lang == "es" else "menu please", lang_hint=lang)
    entry = next(c["label"] for r in menu.rendered for c in r.choices if c["id"] == "services")
    return await choose(person, menu, entry)


def lines_of(runtime) -> list[tuple[str, str]]:
    """(name, how to reach it) of every national line, as the knowledge base holds them."""
    return [(s.name, contact(s) or "") for s in national_lines(runtime.kb)]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_services_entry_shows_the_national_lines_first(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"s-lines-{channel}")
    # user chooses: Lugares de ayuda
    result = await open_services(person)
    # bot says: ECU 911 and the national protection lines, then asks where, with the cities
    text = gsm7.transliterate(shown(result))
    lines = lines_of(sqlite_runtime)
    assert lines[0] == ("ECU 911", "911")
    assert ("1800-DELITO (Policía)", "1800 335486") in lines
    # ACNUR's number is WhatsApp, and says so (it is not a line to call)
    assert ("ACNUR (UNHCR) Ecuador", "WhatsApp +593 2 342 0120") in lines
    for name, phone in lines:
        assert f"{gsm7.transliterate(name)}: {phone}" in text
    assert text.index("ECU 911: 911") < text.index("ciudad")
    assert labels(result) == PLACES
    assert_rendered(result, channel)
    assert result.topic == "services"
    if channel == "sms":
        assert len(result.rendered) == 1  # lines and question in one SMS, not behind MAS
    else:
        assert "Emergencias" in text  # Telegram has room for what each line is for
        assert result.rendered[-1].payload.get("request_location")


async def test_every_number_in_the_lines_comes_from_the_knowledge_base(sqlite_runtime) -> None:
    result = await open_services(Person(sqlite_runtime, "telegram", "s-numbers"))
    lines = shown(result).split("\n\n")[0]
    phones = " ".join(
        f"{s.phone or ''} {s.whatsapp or ''}" for s in sqlite_runtime.kb.services.values()
    )
    for number in re.findall(r"\d[\d ]{2,}\d|\d{3}", lines):
        if not re.fullmatch(r"(19|20)\d\d", number):  # a year in "verified in 04/2020"
            assert number in phones, number


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_city_then_lists_local_services_without_repeating_the_lines(
    sqlite_runtime, channel
) -> None:
    person = Person(sqlite_runtime, channel, f"s-quito-{channel}")
    ask = await open_services(person)
    # user chooses: Quito (a tap, or the digit 1 by SMS)
    listing = await choose(person, ask, "Quito")
    # bot says: local places in Quito, the freshest first, each with its verified month;
    # the lines are not repeated
    text = gsm7.transliterate(shown(listing))
    assert listing.topic == "services" and "(Quito)" in text
    first = "1) Casa Sin Fronteras" if channel == "sms" else "- Casa Sin Fronteras"
    assert text.split("\n")[1].startswith(first) and "(verificado oct 2025)" in text
    assert text.count("(verificado ") >= 2
    assert "ECU 911" not in text and "1800 335486" not in text
    assert labels(listing) == ["Hablar con una persona", "Menú"]
    assert_rendered(listing, channel, more_allowed=True)
    if channel == "sms" and text.endswith("(MAS)"):
        rest = await person.says("MAS")
        assert "3) " in shown(rest) and "(MAS)" not in shown(rest)
        assert gsm7.segment_count(shown(rest)) <= 2


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("place", ["Ibarra", "Otavalo"])
async def test_imbabura_cities(sqlite_runtime, channel, place) -> None:
    person = Person(sqlite_runtime, channel, f"s-{place}-{channel}")
    listing = await choose(person, await open_services(person), place)
    assert f"({place})" in shown(listing)
    assert "Ibarra" in gsm7.transliterate(shown(listing))
    assert_rendered(listing, channel)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_typed_city_and_a_shared_location_also_list_local_services(
    sqlite_runtime, channel
) -> None:
    typed = Person(sqlite_runtime, channel, f"s-typed-{channel}")
    await open_services(typed)
    listing = await typed.says("ibara")
    assert "(Ibarra)" in shown(listing) and "ECU 911" not in shown(listing)
    located = Person(sqlite_runtime, channel, f"s-located-{channel}")
    await open_services(located)
    near = await located.says("", kind="location", location=Location(-0.2201, -78.5123))
    assert "(Quito)" in shown(near) and "ECU 911" not in shown(near)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_known_province_gets_the_lines_and_its_services_at_once(
    sqlite_runtime, channel
) -> None:
    person = Person(sqlite_runtime, channel, f"s-known-{channel}")
    await choose(person, await open_services(person), "Ibarra")
    again = await open_services(person)
    text = gsm7.transliterate(shown(again))
    assert text.index("ECU 911: 911") < text.index("(Imbabura)")
    assert labels(again) == ["Hablar con una persona", "Menú"]
    # the lines come first and whole; only the local list may wait behind MAS
    assert_rendered(again, channel, more_allowed=True)
    if channel == "sms":
        head = shown(again).split("\n(MAS)")[0]
        for name, phone in lines_of(sqlite_runtime):
            assert f"{gsm7.transliterate(name)}: {phone}" in head


@pytest.mark.parametrize("channel", CHANNELS)
async def test_english(sqlite_runtime, channel) -> None:
    person = Person(sqlite_runtime, channel, f"s-en-{channel}")
    result = await open_services(person, "en")
    assert result.lang == "en"
    assert "National lines" in shown(result) and "ECU 911: 911" in shown(result)
    assert labels(result) == ["Quito", "Ibarra", "Otavalo", "Another city"]
    assert_rendered(result, channel)


async def test_typing_a_menu_label_picks_that_entry(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "web", "label-typer")
    await person.says("hola")
    result = await person.says("lugares de ayuda")
    assert not result.fallback and result.topic == "services"
    assert "911" in result.rendered[0].text


@pytest.mark.parametrize("channel", CHANNELS)
async def test_another_city_asks_for_the_city_and_understands_huaquillas(
    sqlite_runtime, channel
) -> None:
    person = Person(sqlite_runtime, channel, f"s-other-{channel}")
    ask = await open_services(person)
    # user chooses: 4 Otra ciudad
    city = await choose(person, ask, "Otra ciudad")
    # bot says: which city? (it does not list national services instead)
    assert "ciudad est" in shown(city) and "Escribe su nombre" in shown(city)
    assert "Lugares que pueden ayudarte" not in shown(city)
    # user types: huaquillas
    listing = await person.says("huaquillas")
    text = gsm7.transliterate(shown(listing))
    assert "(Huaquillas)" in text
    assert "Servicio Jesuita a Refugiados (JRS), equipo legal en Huaquillas" in text
    assert "ECU 911" not in text
    assert labels(listing) == ["Hablar con una persona", "Menú"]


async def test_an_unknown_city_is_said_so_and_asked_again(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "sms", "s-unknown-city")
    await choose(person, await open_services(person), "Otra ciudad")
    unknown = await person.says("xqzvtr")
    assert "No reconozco esa ciudad" in shown(unknown)
    again = await person.says("tulcan")
    assert "(Tulcan)" in gsm7.transliterate(shown(again))


async def test_a_new_question_after_which_city_is_answered_as_one(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "s-new-question")
    await choose(person, await open_services(person), "Otra ciudad")
    answered = await person.says("como saco la visa para vivir aqui")
    assert "reg-visas-residence" in answered.article_ids, shown(answered)
    assert "No reconozco esa ciudad" not in shown(answered)


@pytest.mark.parametrize("typed", ["guayaquil", "abogado gratis en guayaquil", "gye"])
async def test_guayaquil_never_gets_a_quito_number(sqlite_runtime, typed) -> None:
    person = Person(sqlite_runtime, "telegram", f"s-gye-{typed}")
    await choose(person, await open_services(person), "Otra ciudad")
    listing = await person.says(typed)
    text = shown(listing)
    assert "(Guayaquil)" in text
    assert not re.search(r"\+593 2 |\b02 ?\d", text), text
    assert "Quito" not in text.replace("Quito.", "") or "decide" in text


async def test_a_shared_location_picks_the_nearest_city_and_is_not_kept(sqlite_runtime) -> None:
    from sqlalchemy import select

    from bot.storage.models import Message

    person = Person(sqlite_runtime, "telegram", "s-near-huaquillas")
    await open_services(person)
    near = await person.says("", kind="location", location=Location(-3.4801, -80.2299))
    assert "(Huaquillas)" in shown(near)
    async with sqlite_runtime.db.sessions() as session:
        payloads = (await session.execute(select(Message.payload))).scalars().all()
    text = repr(payloads)
    assert "-3.48" not in text and "-80.22" not in text
    assert any(p and p.get("location") == "shared" for p in payloads)


async def test_whatsapp_is_named_wherever_a_service_is_listed(sqlite_runtime) -> None:
    person = Person(sqlite_runtime, "telegram", "s-msp")
    listing = await person.says("necesito un centro de salud en guayaquil")
    text = shown(listing)
    if "171" in text:
        assert "WhatsApp +593 96 117 1171" in text
