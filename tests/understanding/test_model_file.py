"""The model file (issue 19): a mapped file reads exactly as the whole pickle it replaces."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from bot.knowledge.models import KnowledgeBase
from bot.understanding.embedded import EmbeddedModel, EmbeddedUnderstanding, is_mapped
from bot.understanding.normalize import normalize
from bot.understanding.registry import ensure_model
from bot.understanding.training import collect_examples
from tests.conftest import ROOT, make_settings


def _whole_pickle(model: EmbeddedModel, path: Path) -> None:
    """The file `EmbeddedModel.save` wrote before models were mapped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)


def test_mapped_model_reads_every_training_message_as_the_whole_pickle(
    tmp_path: Path, nlu_model: EmbeddedModel, kb: KnowledgeBase
) -> None:
    _whole_pickle(nlu_model, tmp_path / "old.pkl")
    nlu_model.save(tmp_path / "new.pkl")
    assert not is_mapped(tmp_path / "old.pkl") and is_mapped(tmp_path / "new.pkl")
    old_model, new_model = (
        EmbeddedModel.load(tmp_path / "old.pkl"),
        EmbeddedModel.load(tmp_path / "new.pkl"),
    )
    assert old_model is not None and new_model is not None
    old, new = EmbeddedUnderstanding(old_model), EmbeddedUnderstanding(new_model)
    texts = [e.text for e in collect_examples(ROOT / "nlu", kb)]
    assert len(texts) > 1000
    for text in texts:
        norm = normalize(text)
        if norm:
            assert (
                np.abs(old_model.probabilities(norm) - new_model.probabilities(norm)).max() <= 1e-9
            )
        a, b = old.parse_sync(text), new.parse_sync(text)
        assert [(i.name, i.confidence) for i in a.intent_ranking] == [
            (i.name, i.confidence) for i in b.intent_ranking
        ], text
        assert a.intent == b.intent, text
        assert old.danger(text) == new.danger(text), text


def test_mapped_arrays_are_read_only_and_stay_in_the_file(
    tmp_path: Path, nlu_model: EmbeddedModel
) -> None:
    path = tmp_path / "model.pkl"
    nlu_model.save(path)
    loaded = EmbeddedModel.load(path)
    assert loaded is not None and loaded.danger is not None
    for array in (loaded.weights, loaded.bias, loaded.features.idf, loaded.danger.weights):
        assert not array.flags.writeable
        assert array.base is not None  # a view of the mapped file, not a copy
    assert np.array_equal(loaded.weights, nlu_model.weights)


def test_a_whole_pickle_of_the_same_data_is_mapped_not_retrained(
    tmp_path: Path, nlu_model: EmbeddedModel, kb: KnowledgeBase
) -> None:
    settings = make_settings(tmp_path)
    _whole_pickle(nlu_model, settings.model_path)
    model = ensure_model(settings, kb)
    assert is_mapped(settings.model_path)
    assert model.trained_seconds == nlu_model.trained_seconds  # the same model, not a new one
    assert not model.weights.flags.writeable
