"""Prometheus metrics, in a registry of the app's own (tests build many apps)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.messages import TurnResult


@dataclass
class Metrics:
    """Counters for turns, latency, NLU backend, fallbacks, handoffs, outbox, send failures."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    _nlu_seen: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        r = self.registry
        self.turns = Counter("rumbo_turns_total", "Turns processed", ["channel"], registry=r)
        self.latency = Histogram(
            "rumbo_turn_seconds",
            "Turn latency",
            ["channel"],
            registry=r,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.nlu = Counter(
            "rumbo_nlu_parses_total", "Parses by backend used", ["backend"], registry=r
        )
        self.nlu_fallbacks = Counter(
            "rumbo_nlu_backend_fallbacks_total", "Rasa unavailable, embedded used", registry=r
        )
        self.fallbacks = Counter(
            "rumbo_fallbacks_total", "Could not answer", ["channel"], registry=r
        )
        self.handoffs = Counter(
            "rumbo_handoffs_total", "Handoffs opened or offered", ["channel", "urgent"], registry=r
        )
        self.outbox_depth = Gauge("rumbo_outbox_depth", "Replies waiting to be sent", registry=r)
        self.sends = Counter("rumbo_sends_total", "Send results", ["channel", "result"], registry=r)
        self.webhooks = Counter(
            "rumbo_webhooks_total", "Webhook deliveries", ["channel", "outcome"], registry=r
        )

    def observe_turn(self, channel: str, result: TurnResult, seconds: float) -> None:
        """Record one processed turn."""
        if result.duplicate:
            return
        self.turns.labels(channel).inc()
        self.latency.labels(channel).observe(seconds)
        if result.fallback:
            self.fallbacks.labels(channel).inc()
        if result.handoff:
            self.handoffs.labels(channel, str(result.urgent).lower()).inc()

    def observe_nlu(self, stats: Mapping[str, int] | None) -> None:
        """Bring the NLU counters up to the backend's own tally (Rasa answers vs fallbacks)."""
        if not stats:
            return
        for key, total in stats.items():
            seen = self._nlu_seen.get(key, 0)
            if total > seen:
                if key == "fallback":
                    self.nlu_fallbacks.inc(total - seen)
                    self.nlu.labels("embedded").inc(total - seen)
                else:
                    self.nlu.labels(key).inc(total - seen)
                self._nlu_seen[key] = total

    def webhook(self, channel: str, outcome: str) -> None:
        """Count one webhook delivery's outcome (Runtime.count_webhook)."""
        self.webhooks.labels(channel, outcome).inc()

    def observe_send(self, channel: str, result: str) -> None:
        """Record one send attempt's outcome."""
        self.sends.labels(channel, result).inc()

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)
