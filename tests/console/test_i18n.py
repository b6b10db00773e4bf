"""The console speaks Spanish first and English per account, from gettext catalogues (#18)."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from bot.i18n import gettext
from bot.i18n.catalog import po_path, template
from bot.i18n.group import urgent_announcement
from tests.console.conftest import csrf_of, sign_in

PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


def test_every_console_string_has_a_spanish_translation() -> None:
    wanted = {m.id for m in template() if m.id}
    with po_path("es").open("rb") as handle:
        spanish = {m.id: m for m in read_po(handle, locale="es") if m.id}
    missing = sorted(i for i in wanted if not (i in spanish and spanish[i].string))
    assert not missing, f"run `python -m bot.i18n update` and translate: {missing[:5]}"
    fuzzy = sorted(i for i in wanted if "fuzzy" in spanish[i].flags)
    assert not fuzzy
    for msgid in wanted:
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(spanish[msgid].string))


def test_the_group_announcement_comes_from_the_catalogue() -> None:
    text = urgent_announcement(7, "urgent", "https://rumbo.example/console/tickets/7")
    assert text == "Caso #7 · prioridad: URGENTE\nhttps://rumbo.example/console/tickets/7"
    english = urgent_announcement(7, "normal", "/console/tickets/7", lang="en")
    assert english.startswith("Ticket #7 · priority: normal")
    assert gettext("fr", "Queue") == "Cola"  # an unknown language falls back to Spanish


async def test_spanish_by_default_english_per_account(console, accounts) -> None:
    login = await console.get("/console/login")
    assert '<html lang="es">' in login.text and "Iniciar sesión" in login.text
    english_login = await console.get("/console/login?lang=en")
    assert '<html lang="en">' in english_login.text and "Sign in" in english_login.text
    await sign_in(console, "luis@example.org")
    queue = await console.get("/console")
    assert "No hay nadie esperando." in queue.text
    saved = await console.post(
        "/console/language", data={"csrf": csrf_of(queue.text), "lang": "en"}
    )
    assert saved.headers["location"].endswith("?m=language_saved")
    queue = await console.get("/console?m=language_saved")
    assert '<html lang="en">' in queue.text and "Nobody is waiting." in queue.text
    assert "Language saved." in queue.text
    refused = await console.post(
        "/console/language", data={"csrf": csrf_of(queue.text), "lang": "fr"}
    )
    assert refused.status_code == 400
    # Another account keeps Spanish.
    console.cookies.clear()
    await sign_in(console, "ana@example.org")
    assert "No hay nadie esperando." in (await console.get("/console")).text
