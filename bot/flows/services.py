"""Services directory: by typed city or province (fuzzy), by kind of help, or by location.

```mermaid
flowchart LR
  s[services / "abogado gratis en kito"] --> q{place known?}
  q -->|no| ask[which city?] --> list
  q -->|yes| list[at most 3 services]
  loc[shared location] --> list
```
"""

from __future__ import annotations

from bot.engine.turn import Turn
from bot.knowledge import places
from bot.knowledge.directory import ServiceQuery, find_services, parse_query
from bot.knowledge.models import Service
from bot.messages import Choice

PLACE_CHOICES = ("Quito", "Ibarra", "Otavalo")


def start(turn: Turn, _arg: str | None = None) -> None:
    """Ask where the person is, unless we already know."""
    if turn.province:
        show(turn, ServiceQuery(place=turn.province))
        return
    choices = [Choice(f"place:{name}", name) for name in PLACE_CHOICES]
    choices.append(Choice("place:EC", turn.t("choice_other_place")))
    turn.say(turn.t("services_ask_place"), choices=choices, location_request=True, kind="ask")
    turn.remember_choices(choices)
    turn.state["pending"] = "services_place"


def from_text(turn: Turn, _arg: str | None = None) -> None:
    """A typed place and/or kind of help."""
    turn.state.pop("pending", None)
    query = parse_query(turn.text)
    show(turn, query)


def from_place(turn: Turn, place: str | None) -> None:
    """A place chosen from the buttons."""
    turn.state.pop("pending", None)
    show(turn, ServiceQuery(place=None if place == "EC" else place))


def from_location(turn: Turn, _arg: str | None = None) -> None:
    """A shared location."""
    turn.state.pop("pending", None)
    location = turn.inbound.location
    if location is None:
        start(turn)
        return
    show(turn, ServiceQuery(lat=location.latitude, lon=location.longitude))


def _line(service: Service, lang: str, *, full: bool) -> str:
    parts = [service.name]
    if service.phone:
        parts.append(service.phone)
    if full:
        for value in (
            service.address,
            service.localized(service.hours, lang),
            service.localized(service.cost, lang),
            service.website,
        ):
            if value:
                parts.append(str(value))
        note = service.localized(service.notes, lang)
        if note:
            parts.append(f"({note})")
    elif not service.phone and service.address:
        parts.append(service.address)
    return ", ".join(parts)


def show(turn: Turn, query: ServiceQuery) -> None:
    """List at most three services, with how fresh their details are."""
    found = find_services(turn.kb, query)
    place_name = query.place and places.PROVINCES.get(query.place, query.place)
    if query.lat is not None and query.lon is not None:
        place_name = places.nearest_city(query.lat, query.lon).name
    province = places.province_of(query.place) if query.place else None
    if province:
        turn.state["province"] = province
    where = f" ({place_name})" if place_name else ""
    turn.topic = "services"
    if not found:
        found = find_services(turn.kb, ServiceQuery(kinds=("emergency",)))
        intro = turn.t("services_none", where=where)
    else:
        intro = turn.t("services_found", where=where)
    full_lines = [intro] + [f"- {_line(s, turn.lang, full=True)}" for s in found]
    verified = [s.verified for s in found if s.verified]
    if verified:
        full_lines.append(turn.t("services_verified", month=min(verified).strftime("%m/%Y")))
    short = " ".join(
        [intro] + [f"{i}) {_line(s, turn.lang, full=False)}." for i, s in enumerate(found, 1)]
    )
    choices = [Choice("human", turn.t("choice_human")), Choice("menu", turn.t("choice_menu"))]
    turn.say("\n".join(full_lines), short=short, choices=choices, kind="services")
    turn.remember_choices(choices)
