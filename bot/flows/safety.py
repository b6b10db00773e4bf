"""Safety first: the help that fits the danger, then an urgent ticket.

Each danger category has its own short first reply. ECU 911 is always named, first when life is
at risk now; then the one or two resources that fit, each from a sourced service entry (an entry
that is missing is left out, never made up). Where a reply sends people to the police, it says
what is known about police migration checks and offers another way to report.

```mermaid
flowchart LR
  msg[danger message] --> cat{category}
  cat -->|self_harm| sh[are you safe now? 911, 171 option 6]
  cat -->|child_risk| ch[911 / DINAPEN, child-protection board; adult or child writing]
  cat -->|sexual_violence| sv[health care first: PEP < 72 h, then a complaint]
  cat -->|no_shelter| ns{city known?} -->|yes| list[shelters there]
  ns -->|no| ask[which city? or share location] --> list
  cat -->|detention| de[free legal aid, asking for protection]
  cat -->|trafficking, armed_threat| tr[911, police tip line, online complaint]
  cat -->|violence, medical, distress| other[911 first, what fits]
  sh & ch & sv & list & ask & de & tr & other --> ticket[urgent ticket: a person will write]
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dialogue import policy
from bot.dialogue.triggers import FlowSpec, Pending
from bot.dialogue.triggers import Route as FlowRoute
from bot.dialogue.turn import Turn
from bot.knowledge import places
from bot.knowledge.directory import (
    ServiceQuery,
    answers_place_question,
    find_services,
    parse_query,
)
from bot.knowledge.models import KnowledgeBase, Service
from bot.messages import Choice
from bot.understanding.danger import mentions

EMERGENCY_ID = "ecu-911"
# ECU 911 is the national emergency number (ecuador_facts.md §7.1); used only if the service
# entry is missing, so the safety reply can never be empty.
EMERGENCY_FALLBACK = "ECU 911 (911)"
PLACE_CHOICES = ("Quito", "Ibarra", "Otavalo")


@dataclass(frozen=True, slots=True)
class Route:
    """What one category's first reply holds: its texts (keys `danger_<name>...`), the service
    entries after ECU 911, and whether it sends people to the police (then the caveat)."""

    services: tuple[str, ...] = ()
    police: bool = False


ROUTES: dict[str, Route] = {
    "violence": Route(
        ("fiscalia-denuncia-en-linea", "juntas-cantonales-proteccion-derechos"), True
    ),
    "sexual_violence": Route(("msp-emergencia-violencia-sexual", "fiscalia-denuncia-en-linea")),
    "child_risk": Route(("dinapen", "juntas-cantonales-proteccion-derechos"), True),
    "trafficking": Route(("fiscalia-1800-delito", "fiscalia-denuncia-en-linea"), True),
    "armed_threat": Route(("fiscalia-1800-delito", "fiscalia-denuncia-en-linea"), True),
    "detention": Route(("defensoria-publica", "acnur-ecuador")),
    "self_harm": Route(("msp-linea-171-salud-mental",)),
    "no_shelter": Route(),
    "medical": Route(),
    "distress": Route(),
}
HEALTH_FIRST_ID = "msp-emergencia-violencia-sexual"
# The article each category's first reply sums up: the thread of the conversation (issue 16), so
# that "y en el hospital me cobran?" after a danger reply is answered from that article.
ARTICLES: dict[str, str] = {
    "violence": "safety-gbv-report",
    "sexual_violence": "safety-sexual-violence",
    "child_risk": "safety-children-at-risk",
    "trafficking": "safety-trafficking",
    "armed_threat": "safety-threats-extortion",
    "detention": "safety-detention-now",
    "self_harm": "health-mental",
    "no_shelter": "safety-no-shelter-tonight",
    "medical": "health-emergencies",
    "distress": "safety-emergency",
}
# A child writing about themself: "tengo 13 años", "soy menor", "im 12".
_CHILD_WRITING = re.compile(
    r"\b(tengo|i am|im|i m) ([5-9]|1[0-7])( años| anos| years)?\b|\bsoy (menor|un nino|una nina|"
    r"un niño|una niña|nin[oa])\b|\b(my|mi) (mom|mama|mother|dad|papa|padrastro|stepdad|"
    r"stepfather)\b.{0,40}\b(me|hits me|touches me)\b.{0,30}\b(colegio|escuela|school)\b"
)


def emergency_number(kb: KnowledgeBase) -> str:
    """How to name the emergency line in a sentence: "ECU 911 (911)"."""
    service = kb.services.get(EMERGENCY_ID)
    if service is None or not service.phone:
        return EMERGENCY_FALLBACK
    return (
        f"{service.name} ({service.phone})" if service.phone not in service.name else service.name
    )


def _contact(service: Service) -> str | None:
    """How to reach a service: phone, else WhatsApp (named as such: not a line to call), else
    website (without the scheme), else address."""
    if service.phone:
        return service.phone
    if service.whatsapp:
        return f"WhatsApp {service.whatsapp}"
    if service.website:
        return re.sub(r"^https?://", "", service.website).rstrip("/")
    return service.address


def _first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    # A sentence ends at a full stop before a capital ("art. 276" does not end one).
    return re.split(r"(?<=\.)\s(?=[A-ZÁÉÍÓÚÑ¿¡])", text.strip(), maxsplit=1)[0].rstrip(".") + "."


def resource_line(turn: Turn, service: Service, *, full: bool) -> str:
    """One resource: its sourced name and contact, and (full text) what it does."""
    label_key = f"resource_{service.id}"
    contact = _contact(service) or ""
    if not full and turn.has_text(label_key) and (contact or "{contact}" not in turn.t(label_key)):
        return turn.t(label_key, contact=contact)
    head = f"{service.name}: {contact}" if contact else service.name
    if not full:
        return head
    what = _first_sentence(service.localized(service.eligibility, turn.lang))
    extra = turn.t("resource_not_complaint") if service.id == "fiscalia-1800-delito" else None
    return " ".join(part for part in (f"- {head}.", what, extra) if part)


def resources(turn: Turn, ids: tuple[str, ...]) -> list[Service]:
    """The service entries that exist, in order."""
    return [s for s in (turn.kb.services.get(i) for i in ids) if s is not None]


def police_caveat(turn: Turn, *, full: bool) -> str:
    """What is known about police migration checks, never discouraging 911 (ecu-911 notes)."""
    service = turn.kb.services.get(EMERGENCY_ID)
    note = service.localized(service.notes, turn.lang) if service else None
    return (note or turn.t("police_caveat_short")) if full else turn.t("police_caveat_short")


def child_writing(text: str) -> bool:
    """A child writes about themself (not an adult worried about a child)."""
    return bool(_CHILD_WRITING.search(places.fold(text)))


def first_reply(turn: Turn, category: str) -> tuple[str, str]:
    """Full (Telegram, web) and SMS versions of a category's first reply."""
    route = ROUTES.get(category, ROUTES["distress"])
    key = f"danger_{category}" if category in ROUTES else "danger_distress"
    if category == "child_risk" and child_writing(turn.text):
        key = "danger_child_risk_self"
    emergency = emergency_number(turn.kb)
    found = resources(turn, route.services)
    if category == "sexual_violence":
        # Its opening already sends to health care first (PEP within 72 hours), from that
        # entry; what follows "if you want, you can report it" is the complaint.
        found = [s for s in found if s.id != HEALTH_FIRST_ID] or found
    full = [turn.t(key, emergency=emergency)]
    short = [turn.t(f"{key}_short")]
    if found:
        full.append("\n".join(resource_line(turn, s, full=True) for s in found))
        short.append(" ".join(resource_line(turn, s, full=False) for s in found))
    elif route.services:
        # No verified resource for this kind of danger: say so, and rely on 911 and a person.
        full.append(turn.t("danger_no_resource"))
        short.append(turn.t("danger_no_resource"))
    categories = turn.danger.categories if turn.danger else ()
    sexual = "sexual_violence" in categories or mentions("sexual_violence", turn.text)
    if category == "child_risk" and sexual:
        health = resources(turn, (HEALTH_FIRST_ID,))
        if health:
            full.append(turn.t("danger_health_first"))
            short.append(resource_line(turn, health[0], full=False))
    if category == "sexual_violence":
        health = resources(turn, (HEALTH_FIRST_ID,))
        note = health[0].localized(health[0].notes, turn.lang) if health else None
        if note:
            full.append(_first_sentence(note) or note)
    if category == "detention":
        full.append(turn.t("danger_detention_protection"))
    return "\n\n".join(full), " ".join(short)


def shelters(turn: Turn, place: str | None) -> list[Service]:
    """Shelters for tonight in a city or province from the services directory (at most 3)."""
    found = find_services(turn.kb, ServiceQuery(place=place, kinds=("shelter",)), limit=3)
    return [s for s in found if "shelter" in s.kinds]


def shelter_list(turn: Turn, place: str) -> tuple[str, str]:
    """Full and SMS lists of the shelters in a place, or what to do when there are none."""
    found = shelters(turn, place)
    where = places.PROVINCES.get(place, place)
    if not found:
        text = turn.t("shelter_none", where=where)
        return text, text
    full = [turn.t("shelter_found", where=where)]
    short = [turn.t("shelter_found_short", where=where)]
    for number, service in enumerate(found, 1):
        parts = [service.name, _contact(service)]
        note = _first_sentence(service.localized(service.notes, turn.lang))
        full.append(" ".join(p for p in (f"- {', '.join(p for p in parts if p)}.", note) if p))
        short.append(f"{number}) {', '.join(p for p in parts if p)}.")
    return "\n".join(full), "\n".join(short)


def _shelter_place(turn: Turn) -> str | None:
    query = parse_query(turn.text)
    return query.place or turn.province


def handle(turn: Turn, _arg: str | None = None) -> None:
    """Send the help that fits the danger first, then open an urgent ticket."""
    category = policy.danger_category(turn.danger)
    turn.danger_category = category
    full, short = first_reply(turn, category)
    choices: list[Choice] = []
    location = False
    if category == "no_shelter":
        place = _shelter_place(turn)
        if place:
            listed, listed_short = shelter_list(turn, place)
            full, short = f"{full}\n\n{listed}", f"{short}\n{listed_short}"
        else:
            choices = [Choice(f"shelter:{name}", name) for name in PLACE_CHOICES]
            choices.append(Choice("shelter:EC", turn.t("choice_other_place")))
            full, short = f"{full}\n\n{turn.t('shelter_ask')}", f"{short} {turn.t('shelter_ask')}"
            turn.state.pending = "shelter_place"
            location = True
    turn.say(full, short=short, kind="urgent", choices=choices, location_request=location)
    decision = policy.decide(policy.Signals(danger=turn.danger, intent=policy.URGENT_INTENT))
    turn.effects.ticket = decision.ticket(category)
    ticket_text = turn.t("urgent_ticket")
    ticket_short = ticket_text
    if ROUTES.get(category, ROUTES["distress"]).police:
        ticket_text = f"{police_caveat(turn, full=True)}\n\n{ticket_text}"
        ticket_short = f"{police_caveat(turn, full=False)} {ticket_short}"
    if choices:
        # The city question is the numbered list a digit answers (DESIGN: the last list shown).
        turn.say(ticket_text, short=ticket_short, kind="urgent")
        turn.remember_choices(choices)
    else:
        menu = [Choice("menu", turn.t("choice_menu"))]
        turn.say(ticket_text, short=ticket_short, choices=menu, kind="urgent")
        turn.remember_choices(menu)
    turn.urgent = True
    turn.handoff = True


def shelter_place(turn: Turn, arg: str | None = None) -> None:
    """The city (typed, chosen or shared as a location) after a no-shelter message."""
    turn.state.pending = None
    place: str | None
    if turn.inbound.location is not None:
        place = places.nearest_city(
            turn.inbound.location.latitude, turn.inbound.location.longitude
        ).name
    elif arg:
        place = None if arg == "EC" else arg
    else:
        text = turn.text.strip()
        chosen = turn.choice_for_digit(int(text)) if text.isdigit() else None
        place = chosen.removeprefix("shelter:") if chosen else parse_query(text).place
        if place == "EC":
            place = None
    turn.topic = "safety"
    if place is None:
        text = turn.t("shelter_none", where=turn.t("shelter_your_city"))
        turn.say(text, kind="urgent")
        return
    full, short = shelter_list(turn, place)
    turn.state.province = places.province_of(place) or turn.state.province
    turn.say(
        f"{full}\n\n{turn.t('waiting_also_person')}",
        short=f"{short} {turn.t('waiting_also_person_short')}",
        kind="urgent",
    )


def _typed_city(turn: Turn) -> FlowRoute | None:
    """The city question's answer; anything else is a new question, answered as one (#16)."""
    return ("shelter_place", None) if answers_place_question(turn.text) else None


def _shared_location(turn: Turn) -> FlowRoute | None:
    return "shelter_place", None


SPECS = (
    FlowSpec(
        "safety",
        handle,
        intents={policy.URGENT_INTENT: None},
        keeps=("shelter_place",),
        while_claimed=True,
        while_waiting=True,
        opted_out=True,
        emergency=True,
    ),
    FlowSpec(
        "shelter_place",
        shelter_place,
        choices=("shelter",),
        pending=(
            Pending("shelter_place", _typed_city),
            Pending("shelter_place", _shared_location, on="location"),
        ),
        keeps=("shelter_place",),
        opted_out=True,
        emergency=True,
    ),
)
