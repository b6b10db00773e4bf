"""Topic lists put what most people need first, in both renderings."""

from __future__ import annotations

import pytest

from bot.flows.topic_order import ARTICLE_ORDER, ordered
from bot.knowledge.models import TOPICS, KnowledgeBase
from tests.conftest import Person


def test_every_topic_has_an_order_naming_only_real_articles(kb: KnowledgeBase) -> None:
    assert set(ARTICLE_ORDER) == set(TOPICS)
    ids = set(kb.ids())
    for topic, order in ARTICLE_ORDER.items():
        assert len(order) == len(set(order)), topic
        assert all(kb.topic_of(article_id) == topic for article_id in order if article_id in ids)


def test_unlisted_articles_follow_the_listed_ones_by_id(kb: KnowledgeBase) -> None:
    articles = kb.by_topic("education", "es")
    shuffled = list(reversed(articles))
    result = [a.id for a in ordered("education", shuffled)]
    assert result[0] == "education-enrolment"
    assert result[-1] == "education-degree-recognition"
    assert [a.id for a in ordered("no-such-topic", shuffled)] == sorted(a.id for a in articles)


@pytest.mark.parametrize(
    ("channel", "topic_label", "first", "before", "after"),
    [
        ("sms", "Educación", "article:education-enrolment", None, None),
        (
            "telegram",
            "Refugio",
            "article:protection-apply-refugee",
            "article:protection-apply-refugee",
            "article:protection-appeal-refusal",
        ),
        ("sms", "Vivienda y arriendo", "article:housing-eviction", None, None),
    ],
)
async def test_topic_list_starts_with_the_first_step(
    sqlite_runtime, channel: str, topic_label: str, first: str, before, after
) -> None:
    person = Person(sqlite_runtime, channel, f"order-{channel}-{topic_label}")
    menu = await person.says("menu")
    labels = [c["label"] for c in menu.rendered[-1].choices]
    listing = await person.says(str(labels.index(topic_label) + 1))
    ids = [c["id"] for c in listing.rendered[-1].choices]
    assert ids[0] == first
    if before and after:
        assert ids.index(before) < ids.index(after)
