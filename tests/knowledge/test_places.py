"""Places along the route, as people type them."""

from __future__ import annotations

import pytest

from bot.knowledge import places


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("huaquillas", "Huaquillas"),
        ("Huakillas", "Huaquillas"),
        ("huaquilla", "Huaquillas"),
        ("tulcan", "Tulcán"),
        ("Tulkan", "Tulcán"),
        ("rumichaca", "Rumichaca"),
        ("puente de rumichaka", "Rumichaca"),
        ("lago agrio", "Lago Agrio"),
        ("nueva loja", "Lago Agrio"),
        ("Guayaquil", "Guayaquil"),
        ("guayakil", "Guayaquil"),
        ("guayaqil", "Guayaquil"),
        ("manta", "Manta"),
        ("estoy en manta", "Manta"),
    ],
)
def test_route_cities_with_typos(typed: str, found: str) -> None:
    assert places.find_place(typed) == found


@pytest.mark.parametrize(
    ("lat", "lon", "city"),
    [
        (-3.4800, -80.2300, "Huaquillas"),
        (0.8150, -77.6660, "Rumichaca"),
        (0.8100, -77.7200, "Tulcán"),
        (0.0900, -76.8900, "Lago Agrio"),
        (-2.1900, -79.8900, "Guayaquil"),
        (-0.9600, -80.7200, "Manta"),
    ],
)
def test_a_position_picks_the_nearest_city(lat: float, lon: float, city: str) -> None:
    assert places.nearest_city(lat, lon).name == city


def test_landline_area_codes() -> None:
    assert places.landline_provinces("+593 2 299 3200 ext. 23035") == {"EC-P", "EC-SD"}
    assert "EC-G" in (places.landline_provinces("04 123 4567") or ())
    assert places.landline_provinces("+593 98 595 6683") is None  # a mobile
    assert places.landline_provinces("1800 335486") is None
    assert places.landline_provinces("911") is None
