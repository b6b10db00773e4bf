"""The services directory: the national lines, and which local services come first."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.directory import (
    LINE_KINDS,
    ServiceQuery,
    find_services,
    freshness,
    months_since,
    national_lines,
    parse_query,
)


def test_national_lines_are_the_country_wide_emergency_and_protection_numbers(kb) -> None:
    lines = national_lines(kb)
    assert [s.id for s in lines][:2] == ["ecu-911", "fiscalia-1800-delito"]
    for service in lines:
        assert "EC" in service.provinces and not service.cities
        assert (service.phone or service.whatsapp) and set(service.kinds) <= LINE_KINDS
    # an office that also protects is not a line (it is listed with the local services)
    assert "cancilleria-proteccion-internacional" not in [s.id for s in lines]


def test_fresher_entries_come_first_among_the_same_place(kb) -> None:
    today = date(2026, 12, 1)
    quito = find_services(kb, ServiceQuery(place="Quito"), today=today, limit=20)
    assert quito[0].id == "casa-sin-fronteras-quito"  # verified Oct 2025, above JRS (2019)
    ids = [s.id for s in quito]
    assert ids.index("fundacion-nuestros-jovenes") < ids.index("jrs-quito")  # 2024 above 2019
    ages = [months_since(s.verified, today) for s in quito]
    assert all(age is not None for age in ages)


def test_freshness_never_outranks_the_place(kb) -> None:
    ibarra = find_services(kb, ServiceQuery(place="Ibarra"), today=date(2026, 12, 1))
    assert all("EC-I" in s.provinces for s in ibarra)
    assert freshness(kb.services["casa-sin-fronteras-quito"], date(2025, 10, 20)) == 1.0
    assert freshness(kb.services["jrs-quito"], date(2026, 12, 1)) == 0.0


@pytest.mark.parametrize(
    "kinds",
    [
        (),
        ("legal_aid",),
        ("registration",),
        ("government",),
        ("protection",),
        ("shelter",),
        ("food",),
        ("health",),
    ],
)
def test_guayaquil_never_gets_a_quito_number(kb, kinds) -> None:
    found = find_services(kb, ServiceQuery(place="Guayaquil", kinds=kinds), limit=10)
    for service in found:
        for number in (service.phone, service.whatsapp):
            assert not (number or "").startswith(("+593 2", "02")), service.id
        assert "Quito" not in service.cities


@pytest.mark.parametrize(
    ("place", "first"),
    [
        ("Huaquillas", "jrs-huaquillas"),
        ("Tulcán", "alas-de-colibri-carchi"),
        ("Lago Agrio", "jrs-lago-agrio"),
        ("Manta", "comedor-casa-familia-solidaria-manta"),
    ],
)
def test_route_cities_list_their_own_services_first(kb, place, first) -> None:
    found = find_services(kb, ServiceQuery(place=place), today=date(2026, 12, 1))
    assert found[0].id == first


def test_a_free_lawyer_in_guayaquil(kb) -> None:
    found = find_services(kb, parse_query("abogado gratis en guayaquil"))
    assert found[0].id == "jrs-guayaquil"
    assert all("legal_aid" in s.kinds for s in found)


def test_excluded_ids_are_left_out(kb) -> None:
    shown = [s.id for s in national_lines(kb)]
    anywhere = find_services(kb, ServiceQuery(), exclude=shown)
    assert anywhere and not {s.id for s in anywhere} & set(shown)
    assert find_services(kb, ServiceQuery())[0].id == "ecu-911"
