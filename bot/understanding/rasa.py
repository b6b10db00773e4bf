"""The Rasa backend: `RUMBO_RASA_URL/model/parse` with a timeout, falling back to embedded."""

from __future__ import annotations

import logging

import httpx

from bot.understanding import language
from bot.understanding.base import FALLBACK_INTENT, Intent, ParseResult, Understanding
from bot.understanding.entities import extract_entities
from bot.understanding.normalize import MAX_CHARS

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer in time or answered with an error (retryable)."""

    retryable = True


class RasaUnderstanding:
    """Asks a Rasa server; on failure the turn is understood by the embedded backend."""

    name = "rasa"

    def __init__(
        self,
        url: str,
        fallback: Understanding,
        *,
        timeout: float = 1.5,
        threshold: float = 0.3,
        client: httpx.AsyncClient | None = None,
    ):
        self.url = url.rstrip("/") + "/model/parse"
        self.fallback = fallback
        self.threshold = threshold
        self.client = client or httpx.AsyncClient(timeout=timeout)
        self.fallbacks = 0

    async def parse(self, text: str) -> ParseResult:
        """Understand one message with Rasa, or with the fallback backend if Rasa fails."""
        try:
            return await self._ask(text)
        except RasaUnavailable as exc:
            self.fallbacks += 1
            log.warning("rasa unavailable, using embedded backend", extra={"reason": str(exc)})
            return await self.fallback.parse(text)

    async def _ask(self, text: str) -> ParseResult:
        try:
            response = await self.client.post(self.url, json={"text": text[:MAX_CHARS]})
        except httpx.HTTPError as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            data = response.json()
            intent = data.get("intent") or {}
            ranking = [
                Intent(str(i["name"]), float(i["confidence"]))
                for i in data.get("intent_ranking") or []
            ]
            top = Intent(
                str(intent.get("name") or FALLBACK_INTENT), float(intent.get("confidence") or 0.0)
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise RasaUnavailable("malformed response") from exc
        if top.name == FALLBACK_INTENT and ranking:
            top = Intent(FALLBACK_INTENT, ranking[0].confidence)
        elif top.confidence < self.threshold:
            top = Intent(FALLBACK_INTENT, top.confidence)
        entities = list(data.get("entities") or []) + extract_entities(text)
        return ParseResult(text, top, ranking, entities, language.identify(text), self.name)

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.aclose()
