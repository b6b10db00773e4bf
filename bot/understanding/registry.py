"""The NLU backends, registered once; building the one the settings ask for."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.config import Settings
from bot.knowledge.models import KnowledgeBase
from bot.understanding.base import Understanding
from bot.understanding.embedded import EmbeddedModel, EmbeddedUnderstanding, is_mapped, train
from bot.understanding.training import (
    article_documents,
    collect_examples,
    danger_examples,
    fingerprint,
    safe_examples,
)

log = logging.getLogger(__name__)


def ensure_model(settings: Settings, kb: KnowledgeBase, *, force: bool = False) -> EmbeddedModel:
    """Load the embedded model, training it first when it is missing or stale."""
    current = fingerprint(settings.nlu_dir, settings.kb_dir)
    model = None if force else EmbeddedModel.load(settings.model_path)
    if model is not None and model.fingerprint == current:
        if not is_mapped(settings.model_path):  # pickled whole by an older version: map it
            model.save(settings.model_path)
            model = EmbeddedModel.load(settings.model_path) or model
        return model
    examples = collect_examples(settings.nlu_dir, kb)
    model = train(
        examples,
        current,
        danger=danger_examples(settings.nlu_dir),
        safe=safe_examples(settings.nlu_dir),
        documents=article_documents(kb),
    )
    model.save(settings.model_path)
    log.info(
        "embedded NLU trained",
        extra={"examples": model.examples, "seconds": round(model.trained_seconds, 2)},
    )
    return model


def _embedded(settings: Settings, kb: KnowledgeBase) -> Understanding:
    return EmbeddedUnderstanding(ensure_model(settings, kb), threshold=settings.nlu_threshold)


def _rasa(settings: Settings, kb: KnowledgeBase) -> Understanding:
    from bot.understanding.rasa import RasaUnderstanding  # httpx: only for this backend

    return RasaUnderstanding(
        settings.rasa_url, _embedded(settings, kb), timeout=settings.rasa_timeout
    )


BACKENDS: dict[str, Callable[[Settings, KnowledgeBase], Understanding]] = {
    "embedded": _embedded,
    "rasa": _rasa,
}


def build_understanding(settings: Settings, kb: KnowledgeBase) -> Understanding:
    """The backend named by `RUMBO_NLU_BACKEND`."""
    return BACKENDS[settings.nlu_backend](settings, kb)
