"""The Rasa backend: `RUMBO_RASA_URL/model/parse` with a timeout, falling back to embedded.

When Rasa is down, slow or answers nonsense, the turn is understood by the embedded backend
(logged without the message, and counted in `stats`). After a failure Rasa is left alone for
`cooldown` seconds, so a dead server costs one timeout, not one per message.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any

import httpx

from bot.understanding import language
from bot.understanding.base import (
    FALLBACK_INTENT,
    DangerReading,
    Intent,
    ParseResult,
    Understanding,
)
from bot.understanding.entities import extract_entities
from bot.understanding.normalize import MAX_CHARS

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer in time or answered with an error (retryable)."""

    retryable = True


class RasaUnderstanding:
    """Asks a Rasa server; on failure the turn is understood by the fallback backend."""

    name = "rasa"

    def __init__(
        self,
        url: str,
        fallback: Understanding,
        *,
        timeout: float = 1.5,
        threshold: float = 0.3,
        cooldown: float = 10.0,
        client: httpx.AsyncClient | None = None,
    ):
        self.url = url.rstrip("/") + "/model/parse"
        self._fallback = fallback
        self.threshold = threshold
        self.cooldown = cooldown
        self.client = client or httpx.AsyncClient(timeout=timeout)
        self.stats: Counter[str] = Counter()  # "rasa", "fallback"; read by /metrics
        self._down_until = 0.0

    @property
    def fallback(self) -> Understanding:
        """The backend that understands a turn when Rasa cannot."""
        return self._fallback

    @property
    def fallbacks(self) -> int:
        """How many messages the fallback backend understood instead of Rasa."""
        return self.stats["fallback"]

    async def parse(self, text: str) -> ParseResult:
        """Understand one message with Rasa, or with the fallback backend if Rasa fails."""
        if time.monotonic() >= self._down_until:
            try:
                result = await self._ask(text)
            except RasaUnavailable as exc:
                self._down_until = time.monotonic() + self.cooldown
                log.warning(
                    "rasa unavailable, using the embedded backend",
                    extra={"reason": str(exc), "url": self.url, "cooldown_s": self.cooldown},
                )
            else:
                self.stats["rasa"] += 1
                return result
        self.stats["fallback"] += 1
        return await self._fallback.parse(text)

    def danger(self, text: str) -> DangerReading | None:
        """Rasa has no danger model of its own: the fallback backend's reading."""
        return self._fallback.danger(text)

    async def _ask(self, text: str) -> ParseResult:
        try:
            response = await self.client.post(self.url, json={"text": text[:MAX_CHARS]})
        except httpx.HTTPError as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            return self._result(text, response.json())
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise RasaUnavailable("malformed response") from exc

    def _result(self, text: str, data: dict[str, Any]) -> ParseResult:
        """Rasa's JSON as a ParseResult; its own `nlu_fallback` is kept out of the ranking."""
        intent = data.get("intent") or {}
        ranking = [
            Intent(str(i["name"]), float(i["confidence"]))
            for i in data.get("intent_ranking") or []
            if i.get("name") != FALLBACK_INTENT
        ]
        top = Intent(
            str(intent.get("name") or FALLBACK_INTENT), float(intent.get("confidence") or 0.0)
        )
        if top.name == FALLBACK_INTENT and ranking:
            top = Intent(FALLBACK_INTENT, ranking[0].confidence)
        elif top.confidence < self.threshold:
            top = Intent(FALLBACK_INTENT, top.confidence)
        entities = [dict(e) for e in data.get("entities") or []] + extract_entities(text)
        return ParseResult(text, top, ranking, entities, language.identify(text), self.name)

    async def aclose(self) -> None:
        """Close the HTTP client, and what the fallback backend holds."""
        await self.client.aclose()
        await self._fallback.aclose()
