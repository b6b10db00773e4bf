"""Services directory: the national emergency and protection lines first, then local services
by typed city or province (fuzzy), by kind of help, or by location.

```mermaid
flowchart LR
  menu[menu: Lugares de ayuda] --> lines[national lines: ECU 911, the Police's 1800-DELITO, ...]
  lines --> q{place known?}
  q -->|no| ask[which city? Quito, Ibarra, Otavalo, Otra ciudad] --> list
  ask -->|Otra ciudad| city[type the city: huaquillas] --> list
  q -->|yes| list[at most 3 local services, fresher first, each with its verified month]
  loc[shared location: nearest city, coordinates not kept] --> list
  text["abogado gratis en kito"] --> list
```
"""

from __future__ import annotations

from datetime import date

from bot.dialogue.triggers import FlowSpec, Pending, Route
from bot.dialogue.turn import Turn
from bot.knowledge import places
from bot.knowledge.directory import (
    ServiceQuery,
    answers_place_question,
    find_services,
    national_lines,
    parse_query,
)
from bot.knowledge.models import Service
from bot.messages import Choice

PLACE_CHOICES = ("Quito", "Ibarra", "Otavalo")
MONTHS = {
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def contact(service: Service) -> str | None:
    """How to reach a service: its phone, and its WhatsApp named as such (not a line to call)."""
    parts = []
    if service.phone:
        parts.append(service.phone)
    if service.whatsapp and service.whatsapp == service.phone:
        parts[-1] = f"{service.phone} (WhatsApp)"
    elif service.whatsapp:
        parts.append(f"WhatsApp {service.whatsapp}")
    return ", ".join(parts) or None


def verified_note(turn: Turn, service: Service) -> str:
    """ "verificado nov 2025", or that the entry has no verified date."""
    if service.verified is None:
        return turn.t("services_entry_unverified")
    months = MONTHS.get(turn.lang, MONTHS["es"])
    month = f"{months[service.verified.month - 1]} {service.verified.year}"
    return turn.t("services_entry_verified", month=month)


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
    turn.state.pending = "services_place"


def _lines(turn: Turn) -> tuple[str, str] | None:
    """Full and SMS versions of the national emergency and protection lines."""
    lines = national_lines(turn.kb)
    if not lines:
        return None
    heading = turn.t("services_lines")
    full = [heading]
    for service in lines:
        details = [f"{service.name}: {contact(service)}"]
        details += [
            text.rstrip(".")
            for text in (
                service.localized(service.eligibility, turn.lang),
                service.localized(service.notes, turn.lang),
            )
            if text
        ]
        full.append(f"- {'. '.join(details)} ({verified_note(turn, service)}).")
    short = " ".join([heading, *(f"{s.name}: {contact(s)}." for s in lines)])
    return "\n".join(full), short


def from_text(turn: Turn, _arg: str | None = None) -> None:
    """A typed place and/or kind of help (or the digit of a place offered by `start`)."""
    after_lines = turn.state.pending == "services_place"
    turn.state.pending = None
    text = turn.text.strip()
    chosen = turn.choice_for_digit(int(text)) if text.isdigit() and after_lines else None
    if chosen and chosen.startswith("place:"):
        from_place(turn, chosen.removeprefix("place:"))
        return
    query = parse_query(turn.text)
    if after_lines and query.place is None and not query.kinds:
        # An answer to "which city?" that names no place we know: say so, and ask again.
        show(turn, query, after_lines=True, unknown_place=True)
        turn.state.pending = "services_place"
        return
    show(turn, query, after_lines=after_lines)


def from_place(turn: Turn, place: str | None) -> None:
    """A place chosen from the choices that followed the national lines; "Otra ciudad" asks
    which city, and the typed answer comes back to `from_text`."""
    turn.state.pending = None
    if place in (None, "EC"):
        turn.topic = "services"
        turn.say(turn.t("services_ask_city"), location_request=True, kind="ask")
        turn.remember_choices([])
        turn.state.pending = "services_place"
        return
    show(turn, ServiceQuery(place=place), after_lines=True)


def from_location(turn: Turn, _arg: str | None = None) -> None:
    """A shared location: the services of the nearest known city. The coordinates serve this
    one answer and are not kept (only the province is, as for a typed city)."""
    after_lines = turn.state.pending == "services_place"
    turn.state.pending = None
    location = turn.inbound.location
    if location is None:
        start(turn)
        return
    query = ServiceQuery(lat=location.latitude, lon=location.longitude)
    show(turn, query, after_lines=after_lines)


def _line(turn: Turn, service: Service, *, full: bool) -> str:
    reach = contact(service)
    # A short (SMS) line that gives a way to reach the place names it by what comes before the
    # first comma ("Casa Sin Fronteras, Centro Metropolitano…"), so two or three places fit one
    # SMS; with no phone or address the whole name is all the person has to find it.
    short_name = service.name.split(", ")[0] if reach or service.address else service.name
    parts = [service.name if full else short_name]
    if reach:
        parts.append(reach)
    if full:
        for value in (
            service.address,
            service.localized(service.hours, turn.lang),
            service.localized(service.cost, turn.lang),
            service.website,
        ):
            if value:
                parts.append(str(value).rstrip("."))
    elif not reach and service.address:
        parts.append(service.address)
    line = ", ".join(parts)
    note = service.localized(service.notes, turn.lang) if full else None
    if note:
        line = f"{line}. {note.rstrip('.')}"
    return f"{line} ({verified_note(turn, service)})"


def show(
    turn: Turn,
    query: ServiceQuery,
    *,
    lead: tuple[str, str] | None = None,
    after_lines: bool = False,
    unknown_place: bool = False,
) -> None:
    """List at most three services, each with the month it was verified. `lead`: the national
    lines to put first; `after_lines`: they were just shown, so the list leaves them out;
    `unknown_place`: the person named a city we do not know."""
    shown = [s.id for s in national_lines(turn.kb)] if lead or after_lines else []
    found = find_services(turn.kb, query, exclude=shown, today=date.today())
    place_name = query.place and places.PROVINCES.get(query.place, query.place)
    province = places.province_of(query.place) if query.place else None
    if query.lat is not None and query.lon is not None:
        # A shared location: only the nearest city's name and province outlive this turn.
        nearest = places.nearest_city(query.lat, query.lon)
        place_name, province = nearest.name, nearest.province
    if province:
        turn.state.province = province
    where = f" ({place_name})" if place_name else ""
    turn.topic = "services"
    if not found:
        found = find_services(turn.kb, ServiceQuery(kinds=("emergency",)))
        intro = turn.t("services_none", where=where)
    elif unknown_place:
        intro = turn.t("services_unknown_place")
    else:
        intro = turn.t("services_found", where=where)
    full_lines = [intro] + [f"- {_line(turn, s, full=True)}." for s in found]
    full_lines.append(turn.t("services_may_change"))
    # One line per service, so that what does not fit two segments waits behind MAS whole.
    short = "\n".join(
        [intro] + [f"{i}) {_line(turn, s, full=False)}." for i, s in enumerate(found, 1)]
    )
    if lead:
        full_lines.insert(0, f"{lead[0]}\n")
        short = f"{lead[1]}\n{short}"
    choices = [Choice("human", turn.t("choice_human")), Choice("menu", turn.t("choice_menu"))]
    turn.say("\n".join(full_lines), short=short, choices=choices, kind="services")
    turn.remember_choices(choices)


def _typed_place(turn: Turn) -> Route | None:
    """The answer to "which city?" (or a kind of help named); anything else is a new question,
    answered as one (#16)."""
    if answers_place_question(turn.text) or parse_query(turn.text).kinds:
        return "services_text", None
    return None


SPECS = (
    FlowSpec("services", start, choices=("services",), keeps=("services_place",)),
    FlowSpec(
        "services_text",
        from_text,
        pending=(Pending("services_place", _typed_place),),
        keeps=("services_place",),
        while_waiting=True,
    ),
    FlowSpec("services_place", from_place, choices=("place",), keeps=("services_place",)),
    FlowSpec(
        "services_location",
        from_location,
        kinds=("location",),
        keeps=("services_place",),
    ),
)
