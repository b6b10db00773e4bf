"""Ecuador's provinces and main cities, with fuzzy matching for how people type them."""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from bot.textcache import remembers_texts

# ISO 3166-2:EC codes.
PROVINCES: dict[str, str] = {
    "EC-A": "Azuay",
    "EC-B": "Bolívar",
    "EC-F": "Cañar",
    "EC-C": "Carchi",
    "EC-H": "Chimborazo",
    "EC-X": "Cotopaxi",
    "EC-O": "El Oro",
    "EC-E": "Esmeraldas",
    "EC-W": "Galápagos",
    "EC-G": "Guayas",
    "EC-I": "Imbabura",
    "EC-L": "Loja",
    "EC-R": "Los Ríos",
    "EC-M": "Manabí",
    "EC-S": "Morona Santiago",
    "EC-N": "Napo",
    "EC-D": "Orellana",
    "EC-Y": "Pastaza",
    "EC-P": "Pichincha",
    "EC-SE": "Santa Elena",
    "EC-SD": "Santo Domingo de los Tsáchilas",
    "EC-U": "Sucumbíos",
    "EC-T": "Tungurahua",
    "EC-Z": "Zamora Chinchipe",
}


@dataclass(frozen=True, slots=True)
class City:
    """A city with its province and an approximate centre (for "near me")."""

    name: str
    province: str
    lat: float
    lon: float


CITIES: tuple[City, ...] = (
    City("Quito", "EC-P", -0.1807, -78.4678),
    City("Cayambe", "EC-P", 0.0406, -78.1453),
    City("Sangolquí", "EC-P", -0.3126, -78.4451),
    City("Machachi", "EC-P", -0.5100, -78.5670),
    City("Tabacundo", "EC-P", 0.0490, -78.2050),
    City("San Antonio de Pichincha", "EC-P", -0.0020, -78.4460),
    City("Calderón", "EC-P", -0.0990, -78.4240),
    City("Conocoto", "EC-P", -0.2920, -78.4810),
    City("Ibarra", "EC-I", 0.3517, -78.1223),
    City("Otavalo", "EC-I", 0.2343, -78.2625),
    City("Cotacachi", "EC-I", 0.3010, -78.2640),
    City("Atuntaqui", "EC-I", 0.3320, -78.2140),
    City("Pimampiro", "EC-I", 0.3900, -77.9400),
    City("Urcuquí", "EC-I", 0.4180, -78.1970),
    City("Tulcán", "EC-C", 0.8119, -77.7173),
    City("Rumichaca", "EC-C", 0.8160, -77.6650),
    City("Guayaquil", "EC-G", -2.1710, -79.9224),
    City("Cuenca", "EC-A", -2.9001, -79.0059),
    City("Lago Agrio", "EC-U", 0.0847, -76.8828),
    City("Huaquillas", "EC-O", -3.4760, -80.2310),
    City("Machala", "EC-O", -3.2581, -79.9554),
    City("Esmeraldas", "EC-E", 0.9682, -79.6517),
    City("San Lorenzo", "EC-E", 1.2860, -78.8350),
    City("Santo Domingo", "EC-SD", -0.2530, -79.1750),
    City("Manta", "EC-M", -0.9677, -80.7089),
    City("Portoviejo", "EC-M", -1.0546, -80.4545),
    City("Ambato", "EC-T", -1.2491, -78.6168),
    City("Riobamba", "EC-H", -1.6636, -78.6546),
    City("Latacunga", "EC-X", -0.9352, -78.6155),
    City("Loja", "EC-L", -3.9931, -79.2042),
)

_ALIASES = {
    "nueva loja": "Lago Agrio",
    "puente de rumichaca": "Rumichaca",
    "sangolqui": "Sangolquí",
    "uio": "Quito",
    "gye": "Guayaquil",
}


def fold(text: str) -> str:
    """Lowercase without accents (ñ kept as n), single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def sound_key(text: str) -> str:
    """A rough Spanish phonetic key: kito = quito, ibara = ibarra, imbabura = inbabura."""
    key = fold(text)
    for old, new in (
        ("qu", "k"),
        ("c", "k"),
        ("z", "s"),
        ("v", "b"),
        ("ll", "y"),
        ("h", ""),
        ("w", "u"),
        ("nb", "mb"),
        ("y", "i"),
    ):
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


def _similar(a: str, b: str, threshold: float) -> float:
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def _names() -> list[tuple[str, str]]:
    """(sound key, canonical name) for every city, province and alias."""
    entries = [(sound_key(c.name), c.name) for c in CITIES]
    entries += [(sound_key(name), code) for code, name in PROVINCES.items()]
    entries += [(sound_key(alias), name) for alias, name in _ALIASES.items()]
    return entries


_NAME_KEYS = _names()


@remembers_texts
@functools.lru_cache(maxsize=4096)
def find_place(text: str, *, threshold: float = 0.84) -> str | None:
    """The city name or province code mentioned in the text, tolerating typos."""
    words = sound_key(text[:600]).split()
    best: tuple[float, str] | None = None
    for size in (4, 3, 2, 1):
        for start in range(0, max(len(words) - size + 1, 0)):
            candidate = " ".join(words[start : start + size])
            if len(candidate) < 3:
                continue
            for key, name in _NAME_KEYS:
                if abs(len(key) - len(candidate)) > 2 or key[0] != candidate[0]:
                    continue
                score = 1.0 if key == candidate else _similar(key, candidate, threshold)
                if score >= threshold and (best is None or score > best[0]):
                    best = (score, name)
    return best[1] if best else None


def city(name: str) -> City | None:
    """The city record of a canonical city name."""
    return next((c for c in CITIES if c.name == name), None)


def province_of(place: str) -> str | None:
    """The province code of a city name or province code."""
    if place in PROVINCES:
        return place
    found = city(place)
    return found.province if found else None


# Ecuador's landline area codes (the digit after +593 / 0) and the provinces each serves.
AREA_CODES: dict[str, frozenset[str]] = {
    "2": frozenset({"EC-P", "EC-SD"}),
    "3": frozenset({"EC-B", "EC-H", "EC-X", "EC-Y", "EC-T"}),
    "4": frozenset({"EC-G", "EC-SE"}),
    "5": frozenset({"EC-W", "EC-R", "EC-M"}),
    "6": frozenset({"EC-C", "EC-E", "EC-I", "EC-N", "EC-D", "EC-U"}),
    "7": frozenset({"EC-A", "EC-F", "EC-O", "EC-L", "EC-S", "EC-Z"}),
}


def landline_provinces(number: str) -> frozenset[str] | None:
    """The provinces a landline's area code serves; None for a mobile, short or 1800 number."""
    digits = re.sub(r"\D", "", re.split(r"(?i)\bext", number)[0])
    if number.strip().startswith("+"):
        if not digits.startswith("593"):
            return None
        national = digits[3:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    if len(national) != 8:
        return None
    return AREA_CODES.get(national[0])


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def nearest_city(lat: float, lon: float) -> City:
    """The known city closest to a position."""
    return min(CITIES, key=lambda c: distance_km(lat, lon, c.lat, c.lon))
