"""Entities: Ecuadorian provinces and cities (misspellings included) and nationalities."""

from __future__ import annotations

from typing import Any

from bot.knowledge import places
from bot.understanding.normalize import normalize

NATIONALITIES: dict[str, tuple[str, ...]] = {
    "venezuelan": ("venezolan", "venezuela", "venezuelan", "veneco", "chamo"),
    "colombian": ("colombian", "colombia", "colombiano", "colombiana", "parcero"),
    "peruvian": ("peruan", "peru", "peruvian"),
    "cuban": ("cuban", "cuba"),
    "haitian": ("haitian", "haiti", "haitiano"),
    "ecuadorian": ("ecuatorian", "ecuadorian"),
}


def extract_entities(text: str) -> list[dict[str, Any]]:
    """Entities in Rasa's shape: {entity, value, extractor}."""
    found: list[dict[str, Any]] = []
    place = places.find_place(text)
    if place:
        if place in places.PROVINCES:
            found.append({"entity": "province", "value": place, "extractor": "rumbo"})
        else:
            found.append({"entity": "city", "value": place, "extractor": "rumbo"})
            province = places.province_of(place)
            if province:
                found.append({"entity": "province", "value": province, "extractor": "rumbo"})
    words = normalize(text).split()
    for value, stems in NATIONALITIES.items():
        if any(word.startswith(stem) for word in words for stem in stems):
            found.append({"entity": "nationality", "value": value, "extractor": "rumbo"})
    return found
