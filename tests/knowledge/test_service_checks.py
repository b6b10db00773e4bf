"""`rumbo kb check` on service entries: phones a mobile can dial, WhatsApp numbers, staleness."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.loader import load_services, phone_problem, whatsapp_problem

ENTRY = """
- id: {id}
  name: Prueba
  organisation: Prueba
  kinds: [legal_aid]
  provinces: [EC-G]
  cities: [Guayaquil]
  {field}: "{number}"
  sources:
    - {{title: "Fuente", url: "https://example.org", date: 2025-12-01}}
  verified: 2025-12-01
"""


@pytest.mark.parametrize(
    "number",
    [
        "911",
        "171",
        "1800 335486",
        "+593 2 299 3200 ext. 23035 / 23036",
        "02 299 3200",
        "+593 98 595 6683",
        "096 117 1171",
    ],
)
def test_numbers_a_mobile_can_dial(number: str) -> None:
    assert phone_problem(number) is None


@pytest.mark.parametrize(
    "number",
    [
        "255 9877",  # a Quito landline without its area code
        "2993200 ext. 23035 / 23036",
        "299-3200",
        "12345",
        "llamar al centro",
        "+593 4 123 4567",  # no such Guayaquil landline range
    ],
)
def test_numbers_a_mobile_cannot_dial_are_rejected(number: str) -> None:
    assert phone_problem(number)


def test_whatsapp_numbers_are_international_and_valid() -> None:
    assert whatsapp_problem("+593 2 342 0120") is None
    assert whatsapp_problem("+593 96 117 1171") is None
    assert whatsapp_problem("096 117 1171")  # WhatsApp needs the +593 form
    assert whatsapp_problem("+593 255 98")
    assert whatsapp_problem("whatsapp")


def _load(tmp_path: Path, field: str, number: str) -> list[str]:
    folder = tmp_path / "services"
    folder.mkdir(exist_ok=True)
    (folder / "guayas.yml").write_text(
        ENTRY.format(id="prueba", field=field, number=number), encoding="utf-8"
    )
    problems: list = []
    services = load_services(folder, problems)
    assert "prueba" in services
    return [str(p) for p in problems if p.level == "error"]


def test_the_loader_fails_an_entry_with_an_undialable_phone(tmp_path: Path) -> None:
    errors = _load(tmp_path, "phone", "255 9877")
    assert errors and "not dialable from a mobile" in errors[0]
    assert _load(tmp_path, "phone", "+593 2 255 9877") == []


def test_the_loader_reads_and_checks_the_whatsapp_field(tmp_path: Path) -> None:
    assert _load(tmp_path, "whatsapp", "+593 2 342 0120") == []
    errors = _load(tmp_path, "whatsapp", "23420120")
    assert errors and "international form" in errors[0]
    services = load_services(tmp_path / "services", [])
    assert services["prueba"].whatsapp == "23420120" and services["prueba"].phone is None


def test_the_real_knowledge_base_has_only_dialable_numbers(kb) -> None:
    for service in kb.services.values():
        if service.phone:
            assert phone_problem(service.phone) is None, service.id
        if service.whatsapp:
            assert whatsapp_problem(service.whatsapp) is None, service.id
    acnur = kb.services["acnur-ecuador"]
    assert acnur.whatsapp and not acnur.phone  # WhatsApp, not a line to call


def test_stale_entries_stay_a_warning(tmp_path: Path) -> None:
    from bot.knowledge.loader import load_knowledge_base

    (tmp_path / "articles").mkdir()
    _load(tmp_path, "phone", "911")
    report = load_knowledge_base(tmp_path, today=date(2027, 6, 1))
    assert report.errors == []
    assert any("over a year ago" in str(p) for p in report.warnings)
