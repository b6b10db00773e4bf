"""What a channel needs of the process around it: the runtime, seen through a narrow protocol.

The channels are built by the app wiring (bot.runtime, bot.web.app), so they must not import it:
`bot.runtime` builds the engine, the engine renders through the channels' profiles, and an import
of the wiring from here would close a package cycle (tests/test_import_graph.py). The wiring's
`bot.runtime.Runtime` satisfies this protocol structurally.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from bot.config import Settings
from bot.knowledge.models import KnowledgeBase
from bot.messages import InboundMessage, TurnResult
from bot.storage.crypto import Protector
from bot.storage.db import Database
from bot.understanding.base import Understanding


class TurnHandler(Protocol):
    """The dialogue engine as a channel calls it."""

    async def handle(
        self, inbound: InboundMessage, *, inline: bool = False, lang: str | None = None
    ) -> TurnResult:
        """Process one inbound message."""
        ...


class Wakeable(Protocol):
    """A background worker that looks at once when its event is set (the outbox, the urgent
    announcer)."""

    wake: asyncio.Event


class WebhookCounter(Protocol):
    """Where webhooks count their outcomes (the app's Prometheus metrics)."""

    def webhook(self, channel: str, outcome: str) -> None:
        """Count one delivery's outcome."""
        ...


class ChannelHost(Protocol):
    """The runtime as a channel sees it: settings, database, knowledge base, understanding,
    engine and the workers it wakes (named apart from `bot.runtime.Runtime`, which satisfies it)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def db(self) -> Database: ...

    @property
    def kb(self) -> KnowledgeBase: ...

    @property
    def nlu(self) -> Understanding: ...

    @property
    def protector(self) -> Protector: ...

    @property
    def engine(self) -> TurnHandler: ...

    # Set by the app's lifespan (bot/web/app.py); None in the CLI and in bare test runtimes.
    metrics: WebhookCounter | None
    outbox: Wakeable | None
    announcer: Wakeable | None
    # At most RUMBO_TURN_CONCURRENCY background turns at once: held while a turn runs.
    turn_slots: asyncio.Semaphore

    def wake_outbox(self) -> None:
        """New replies are queued: the outbox looks at once."""
        ...

    def count_webhook(self, channel: str, outcome: str) -> None:
        """Count a webhook outcome when metrics are on."""
        ...
