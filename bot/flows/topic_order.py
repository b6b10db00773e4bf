"""The order of each topic's list: what most people need first.

A topic list shows the first steps before the special cases (how to ask for refugee status
before how to appeal a refusal; school enrolment before a university degree). Articles not
named here follow the named ones, by id, so a new article always appears.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

ARTICLE_ORDER: dict[str, tuple[str, ...]] = {
    "regularisation": (
        "reg-visas-residence",
        "reg-virte-renewal",
        "reg-virte-ended",
        "reg-mercosur-visa",
        "reg-tourist-stay",
        "reg-overstay-fines",
        "reg-deportation-rights",
        "reg-cedula-foreigners",
    ),
    "protection": (
        "protection-apply-refugee",
        "protection-who-is-refugee",
        "protection-while-waiting",
        "protection-appeal-refusal",
        "protection-non-refoulement",
        "protection-revocation-2025",
        "protection-statelessness",
    ),
    "health": (
        "health-access",
        "health-emergencies",
        "health-appointments",
        "health-pregnancy",
        "health-child-vaccines",
        "health-medicines",
        "health-refused-care",
        "health-mental",
    ),
    "education": (
        "education-enrolment",
        "education-late-enrolment",
        "education-placement-test",
        "education-school-diploma",
        "education-degree-recognition",
    ),
    "work": (
        "work-right-to-work",
        "work-minimum-wage",
        "work-hours",
        "work-complaints",
        "work-contracts",
        "work-social-security",
        "work-benefits",
    ),
    "housing": (
        "housing-eviction",
        "housing-deposit",
        "housing-utilities",
        "housing-discrimination",
    ),
    "rights": (
        "rights-equal-rights",
        "rights-not-illegal",
        "rights-discrimination",
        "rights-children-born-ecuador",
        "rights-children-unaccompanied",
        "rights-reform-2025",
        "rights-lomh-principles",
    ),
    "safety": (
        "safety-emergency",
        "safety-gbv-report",
        "safety-sexual-violence",
        "safety-children-at-risk",
        "safety-trafficking",
        "safety-visa-scams",
    ),
    "services": (
        "services-legal-aid",
        "services-food-shelter",
        "services-quito",
        "services-imbabura",
        "services-unhcr-info",
        "services-family-links",
    ),
    "returnees": (
        "ret-who-can-apply",
        "ret-certificate",
        "ret-benefits",
        "ret-deported-us",
        "ret-household-goods",
        "ret-children-born-abroad",
        "ret-studies-licence",
        "ret-decentralisation-2025",
    ),
}


class HasId(Protocol):
    """Anything with an article id (an `Article`)."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=HasId)


def ordered(topic: str, articles: Iterable[T]) -> list[T]:
    """The articles of `topic` in menu order: the named ones first, then the rest by id."""
    rank = {article_id: n for n, article_id in enumerate(ARTICLE_ORDER.get(topic, ()))}
    return sorted(articles, key=lambda a: (rank.get(a.id, len(rank)), a.id))
