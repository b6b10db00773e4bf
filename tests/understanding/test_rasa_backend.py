"""The Rasa backend against canned Rasa answers: shape, thresholds, and falling back to embedded."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.understanding.base import FALLBACK_INTENT
from bot.understanding.embedded import EmbeddedUnderstanding
from bot.understanding.rasa import RasaUnderstanding
from bot.web.metrics import Metrics

RASA_ANSWER = {
    "text": "dnd saco la visa",
    "intent": {"name": "kb.reg-visas-residence", "confidence": 0.91},
    "intent_ranking": [
        {"name": "kb.reg-visas-residence", "confidence": 0.91},
        {"name": "kb.reg-mercosur-visa", "confidence": 0.05},
    ],
    "entities": [],
}


def backend(nlu: EmbeddedUnderstanding, handler: Any, **options: Any) -> RasaUnderstanding:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), timeout=0.5)
    return RasaUnderstanding("http://rasa.test", nlu, client=client, **options)


async def test_rasa_answer_is_used(nlu: EmbeddedUnderstanding) -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append({"path": request.url.path, "body": request.content})
        return httpx.Response(200, json=RASA_ANSWER)

    rasa = backend(nlu, handler)
    parsed = await rasa.parse("dnd saco la visa en ibarra")
    assert parsed.backend == "rasa" and parsed.intent.name == "kb.reg-visas-residence"
    assert seen[0]["path"] == "/model/parse"
    assert {"entity": "city", "value": "Ibarra", "extractor": "rumbo"} in parsed.entities
    assert rasa.stats == {"rasa": 1}
    await rasa.aclose()


async def test_rasa_fallback_intent_is_not_in_the_ranking(nlu: EmbeddedUnderstanding) -> None:
    answer = {
        "intent": {"name": "nlu_fallback", "confidence": 0.3},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.3}]
        + RASA_ANSWER["intent_ranking"],
    }
    rasa = backend(nlu, lambda _: httpx.Response(200, json=answer))
    parsed = await rasa.parse("algo raro")
    assert parsed.intent.name == FALLBACK_INTENT
    assert [i.name for i in parsed.intent_ranking][0] == "kb.reg-visas-residence"


def _timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("slow", request=request)


@pytest.mark.parametrize(
    "handler",
    [
        lambda _: httpx.Response(500, text="boom"),
        lambda _: httpx.Response(200, text="<html>not json"),
        lambda _: httpx.Response(200, json={"intent": {"name": "x", "confidence": "high"}}),
        _timeout,
    ],
    ids=["http-500", "not-json", "malformed", "timeout"],
)
async def test_failures_fall_back_to_embedded_and_are_counted(
    nlu: EmbeddedUnderstanding, handler: Any, caplog: pytest.LogCaptureFixture
) -> None:
    rasa = backend(nlu, handler)
    parsed = await rasa.parse("puedo ir al medico sin cedula")
    assert parsed.backend == "embedded"
    assert parsed.intent_ranking[0].name.startswith("kb.health")
    assert rasa.fallbacks == 1
    assert "rasa unavailable" in caplog.text
    assert "medico" not in caplog.text  # message texts never reach the logs
    metrics = Metrics()
    metrics.observe_nlu(rasa.stats)
    metrics.observe_nlu(rasa.stats)  # idempotent: counts the tally once
    assert b"rumbo_nlu_backend_fallbacks_total 1.0" in metrics.render()


async def test_after_a_failure_rasa_rests_then_is_tried_again(nlu: EmbeddedUnderstanding) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503) if len(calls) == 1 else httpx.Response(200, json=RASA_ANSWER)

    rasa = backend(nlu, handler, cooldown=0.0)
    assert (await rasa.parse("hola")).backend == "embedded"
    assert (await rasa.parse("hola")).backend == "rasa"
    resting = backend(nlu, lambda _: httpx.Response(503), cooldown=60.0)
    await resting.parse("hola")
    await resting.parse("hola")
    assert resting.stats == {"fallback": 2}


async def test_with_rasa_down_the_engine_answers_with_embedded(tmp_path, kb) -> None:
    from bot.runtime import build_runtime
    from bot.storage.migrate import upgrade_async
    from tests.conftest import Person, make_settings
    from tests.rasa_support import free_port

    url = f"sqlite+aiosqlite:///{tmp_path / 'down.db'}"
    await upgrade_async(url)
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings = make_settings(tmp_path, database_url=url, nlu_backend="rasa", rasa_url=closed)
    runtime = build_runtime(settings, kb=kb)
    try:
        assert isinstance(runtime.nlu, RasaUnderstanding)
        result = await Person(runtime, "sms", "down-1").says("puedo ir al medico sin cedula")
        assert result.topic == "health"
        assert runtime.nlu.fallbacks == 1
    finally:
        await runtime.close()
