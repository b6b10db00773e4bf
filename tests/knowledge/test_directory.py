"""The services directory: the national lines, and which local services come first."""

from __future__ import annotations

from bot.knowledge.directory import LINE_KINDS, ServiceQuery, find_services, national_lines


def test_national_lines_are_the_country_wide_emergency_and_protection_numbers(kb) -> None:
    lines = national_lines(kb)
    assert [s.id for s in lines][:2] == ["ecu-911", "fiscalia-1800-delito"]
    for service in lines:
        assert "EC" in service.provinces and not service.cities
        assert service.phone and set(service.kinds) <= LINE_KINDS
    # an office that also protects is not a line (it is listed with the local services)
    assert "cancilleria-proteccion-internacional" not in [s.id for s in lines]


def test_a_service_that_can_be_reached_comes_first_among_equals(kb) -> None:
    quito = find_services(kb, ServiceQuery(place="Quito"))
    assert quito[0].id == "jrs-quito"  # the one Quito entry with a phone
    assert all(s.phone or s.address for s in quito)


def test_excluded_ids_are_left_out(kb) -> None:
    shown = [s.id for s in national_lines(kb)]
    anywhere = find_services(kb, ServiceQuery(), exclude=shown)
    assert anywhere and not {s.id for s in anywhere} & set(shown)
    assert find_services(kb, ServiceQuery())[0].id == "ecu-911"
