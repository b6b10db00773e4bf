"""Services directory: the national emergency and protection lines first, then local services
by typed city or province (fuzzy), by kind of help, or by location.

```mermaid
flowchart LR
  menu[menu: Lugares de ayuda] --> lines[national lines: ECU 911, the Police's 1800-DELITO, ...]
  lines --> q{place known?}
  q -->|no| ask[which city?] --> list
  q -->|yes| list[at most 3 local services]
  loc[shared location] --> list
  text["abogado gratis en kito"] --> list
```
"""

from __future__ import annotations

from bot.engine.turn import Turn
from bot.knowledge import places
from bot.knowledge.directory import ServiceQuery, find_services, national_lines, parse_query
from bot.knowledge.models import Service
from bot.messages import Choice

PLACE_CHOICES = ("Quito", "Ibarra", "Otavalo")


def start(turn: Turn, _arg: str | None = None) -> None:
    """The national lines, then local services: asks where the person is, unless we know."""
    lines = _lines(turn)
    if turn.province:
        show(turn, ServiceQuery(place=turn.province), lead=lines)
        return
    choices = [Choice(f"place:{name}", name) for name in PLACE_CHOICES]
    choices.append(Choice("place:EC", turn.t("choice_other_place")))
    ask = turn.t("services_ask_place")
    turn.topic = "services"
    turn.say(
        f"{lines[0]}\n\n{ask}" if lines else ask,
        short=f"{lines[1]}\n{ask}" if lines else ask,
        choices=choices,
        location_request=True,
        kind="ask",
    )
    turn.remember_choices(choices)
    turn.state["pending"] = "services_place"


def _lines(turn: Turn) -> tuple[str, str] | None:
    """Full and SMS versions of the national emergency and protection lines."""
    lines = national_lines(turn.kb)
    if not lines:
        return None
    heading = turn.t("services_lines")
    full = [heading]
    for service in lines:
        details = [f"{service.name}: {service.phone}"]
        details += [
            text.rstrip(".")
            for text in (
                service.localized(service.eligibility, turn.lang),
                service.localized(service.notes, turn.lang),
            )
            if text
        ]
        full.append(f"- {'. '.join(details)}.")
    full += _verified(turn, lines)
    short = " ".join([heading, *(f"{s.name}: {s.phone}." for s in lines)])
    return "\n".join(full), short


def _verified(turn: Turn, services: list[Service]) -> list[str]:
    dates = [s.verified for s in services if s.verified]
    if not dates:
        return []
    return [turn.t("services_verified", month=min(dates).strftime("%m/%Y"))]


def from_text(turn: Turn, _arg: str | None = None) -> None:
    """A typed place and/or kind of help (or the digit of a place offered by `start`)."""
    after_lines = turn.state.pop("pending", None) == "services_place"
    text = turn.text.strip()
    chosen = turn.choice_for_digit(int(text)) if text.isdigit() and after_lines else None
    if chosen and chosen.startswith("place:"):
        from_place(turn, chosen.removeprefix("place:"))
        return
    show(turn, parse_query(turn.text), after_lines=after_lines)


def from_place(turn: Turn, place: str | None) -> None:
    """A place chosen from the choices that followed the national lines."""
    turn.state.pop("pending", None)
    show(turn, ServiceQuery(place=None if place == "EC" else place), after_lines=True)


def from_location(turn: Turn, _arg: str | None = None) -> None:
    """A shared location."""
    after_lines = turn.state.pop("pending", None) == "services_place"
    location = turn.inbound.location
    if location is None:
        start(turn)
        return
    query = ServiceQuery(lat=location.latitude, lon=location.longitude)
    show(turn, query, after_lines=after_lines)


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


def show(
    turn: Turn,
    query: ServiceQuery,
    *,
    lead: tuple[str, str] | None = None,
    after_lines: bool = False,
) -> None:
    """List at most three services, with how fresh their details are. `lead`: the national
    lines to put first; `after_lines`: they were just shown, so the list leaves them out."""
    shown = [s.id for s in national_lines(turn.kb)] if lead or after_lines else []
    found = find_services(turn.kb, query, exclude=shown)
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
    full_lines += _verified(turn, found)
    # One line per service, so that what does not fit two segments waits behind MAS whole.
    short = "\n".join(
        [intro] + [f"{i}) {_line(s, turn.lang, full=False)}." for i, s in enumerate(found, 1)]
    )
    if lead:
        full_lines.insert(0, f"{lead[0]}\n")
        short = f"{lead[1]}\n{short}"
    choices = [Choice("human", turn.t("choice_human")), Choice("menu", turn.t("choice_menu"))]
    turn.say("\n".join(full_lines), short=short, choices=choices, kind="services")
    turn.remember_choices(choices)
