"""Find services by place (typed, fuzzy), by kind of help and by a shared location."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.knowledge import places
from bot.knowledge.models import KnowledgeBase, Service

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "legal_aid": ("abogad", "legal", "lawyer", "asesoria", "defensor", "juridic", "attorney"),
    "shelter": (
        "albergue",
        "refugio para dormir",
        "dormir",
        "shelter",
        "alojamiento",
        "techo",
        "casa de acogida",
        "donde quedarme",
        "sleep",
    ),
    "food": ("comida", "comer", "alimento", "comedor", "food", "hambre", "hungry"),
    "psychosocial": ("psicolog", "emocional", "salud mental", "psychosocial", "mental", "counsel"),
    "health": ("hospital", "medic", "salud", "clinica", "doctor", "health", "centro de salud"),
    "protection": (
        "violencia",
        "denuncia",
        "proteccion",
        "violence",
        "abuse",
        "trata",
        "trafficking",
    ),
    "emergency": ("emergencia", "emergency", "policia", "police", "911", "urgente"),
    "work": ("trabajo", "empleo", "chamba", "work", "job", "emprend"),
    "education": ("escuela", "colegio", "estudi", "school", "clases", "educacion"),
    "government": ("cancilleria", "ministerio", "gobierno", "government", "oficina publica"),
    "registration": ("registro", "registrar", "cedula", "documento", "register"),
}


# What a national line is for: a number to call anywhere in the country in an emergency or to
# seek protection (ECU 911, the Police's 1800-DELITO tip line, ...), not an office that also
# protects.
LINE_KINDS = frozenset({"emergency", "protection"})


@dataclass(frozen=True, slots=True)
class ServiceQuery:
    """What a person asked for: any of a place, kinds of help, or a position."""

    place: str | None = None
    kinds: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None


def parse_query(text: str) -> ServiceQuery:
    """Read a place and kinds of help out of free text ("abogado gratis en kito")."""
    folded = places.fold(text)
    kinds = tuple(k for k, words in KIND_WORDS.items() if any(w in folded for w in words))
    return ServiceQuery(place=places.find_place(text), kinds=kinds)


def _score(service: Service, query: ServiceQuery, province: str | None, city: str | None) -> float:
    score = 0.0
    if query.kinds:
        overlap = len(set(query.kinds) & set(service.kinds))
        if overlap == 0:
            return -1.0
        score += 2.0 * overlap
    if city and city in service.cities:
        score += 4.0
    elif province and province in service.provinces:
        score += 3.0
    elif "EC" in service.provinces:
        score += 1.0
    elif province or city:
        return -1.0
    if query.lat is not None and query.lon is not None and service.lat is not None:
        km = places.distance_km(query.lat, query.lon, service.lat, service.lon or 0.0)
        score += max(0.0, 3.0 - km / 10.0)
    if "emergency" in service.kinds and not query.kinds:
        score += 0.5
    # Between equals, one a person can call or walk into comes first (never above a better match).
    if service.phone:
        score += 0.3
    if service.address:
        score += 0.2
    return score


def national_lines(kb: KnowledgeBase) -> list[Service]:
    """The country-wide emergency and protection numbers, emergency first, else in file order."""
    lines = [
        s
        for s in kb.services.values()
        if "EC" in s.provinces
        and not s.cities
        and s.phone
        and s.kinds
        and set(s.kinds) <= LINE_KINDS
    ]
    return sorted(lines, key=lambda s: "emergency" not in s.kinds)


def find_services(
    kb: KnowledgeBase, query: ServiceQuery, *, limit: int = 3, exclude: Collection[str] = ()
) -> list[Service]:
    """The best services for a query: local first, then national ones; at most `limit`.
    `exclude`: ids already shown (the national lines)."""
    city_name = None
    province = None
    if query.place:
        province = places.province_of(query.place)
        city_name = query.place if places.city(query.place) else None
    elif query.lat is not None and query.lon is not None:
        nearest = places.nearest_city(query.lat, query.lon)
        city_name, province = nearest.name, nearest.province
    ranked = [
        (_score(s, query, province, city_name), s.id, s)
        for s in kb.services.values()
        if s.id not in exclude
    ]
    ranked = [item for item in ranked if item[0] >= 0]
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [service for _, _, service in ranked[:limit]]
