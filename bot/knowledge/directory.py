"""Find services by place (typed, fuzzy), by kind of help and by a shared location."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

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


# At most this many words with no place named still answer "which city?" ("Pimampiro", "en la
# terminal", "no se"); a longer message or a question is a new one ("como saco la visa", #16).
PLACE_ANSWER_WORDS = 3


def answers_place_question(text: str) -> bool:
    """Whether a typed message answers "which city?": a digit of the list, a text naming a
    place, or a short reply that is not a question."""
    text = text.strip()
    if not text:
        return False
    if text.isdigit() or places.find_place(text):
        return True
    return len(text.split()) <= PLACE_ANSWER_WORDS and "?" not in text


# How much a freshly verified entry gains over one verified FRESH_MONTHS ago or more (less than
# a place match, more than having a phone): stale entries sink below fresh ones of the same place.
FRESHNESS_WEIGHT = 1.0
# What most people ask a directory for first, ahead of offices for one procedure.
FIRST_NEEDS = frozenset({"legal_aid", "shelter", "food", "health"})
FRESH_MONTHS = 48


def months_since(when: date | None, today: date) -> int | None:
    """Whole months from `when` to `today` (None when the entry was never verified)."""
    if when is None:
        return None
    return max(0, (today.year - when.year) * 12 + today.month - when.month)


def freshness(service: Service, today: date) -> float:
    """1.0 for an entry verified this month, falling to 0 at FRESH_MONTHS (and for no date)."""
    months = months_since(service.verified, today)
    if months is None:
        return 0.0
    return max(0.0, 1.0 - months / FRESH_MONTHS)


def _elsewhere(service: Service, province: str | None) -> bool:
    """A landline (or WhatsApp on one) of another region than the asked-for province: for a
    person in Guayaquil a Quito number is not a local service."""
    if province is None:
        return False
    for number in (service.phone, service.whatsapp):
        regions = places.landline_provinces(number) if number else None
        if regions is not None and province not in regions:
            return True
    return False


def _score(
    service: Service, query: ServiceQuery, province: str | None, city: str | None, today: date
) -> float:
    score = 0.0
    if _elsewhere(service, province):
        return -1.0
    if query.kinds:
        overlap = len(set(query.kinds) & set(service.kinds))
        if overlap == 0:
            return -1.0
        score += 2.0 * overlap
        if service.kinds[0] in query.kinds:
            score += 0.1  # the help it is mainly for
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
    if not query.kinds and set(service.kinds) & FIRST_NEEDS:
        score += 0.2  # asked for nothing in particular: what most people need first
    if "emergency" in service.kinds and not query.kinds:
        score += 0.5 + FRESHNESS_WEIGHT  # ECU 911 first, however old its source
    score += FRESHNESS_WEIGHT * freshness(service, today)
    # Between equals, one a person can call or walk into comes first (never above a better match).
    if service.phone or service.whatsapp:
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
        and (s.phone or s.whatsapp)
        and s.kinds
        and set(s.kinds) <= LINE_KINDS
    ]
    return sorted(lines, key=lambda s: "emergency" not in s.kinds)


def find_services(
    kb: KnowledgeBase,
    query: ServiceQuery,
    *,
    limit: int = 3,
    exclude: Collection[str] = (),
    today: date | None = None,
) -> list[Service]:
    """The best services for a query: local first, then national ones, fresher first among
    equals; at most `limit`. `exclude`: ids already shown (the national lines)."""
    today = today or date.today()
    city_name = None
    province = None
    if query.place:
        province = places.province_of(query.place)
        city_name = query.place if places.city(query.place) else None
    elif query.lat is not None and query.lon is not None:
        nearest = places.nearest_city(query.lat, query.lon)
        city_name, province = nearest.name, nearest.province
    ranked = [
        (_score(s, query, province, city_name, today), s.id, s)
        for s in kb.services.values()
        if s.id not in exclude
    ]
    ranked = [item for item in ranked if item[0] >= 0]
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [service for _, _, service in ranked[:limit]]
