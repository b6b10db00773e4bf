"""Wiring: build every long-lived part once from the settings and hand them around."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.channels.host import Wakeable, WebhookCounter
from bot.channels.registry import channel_profiles
from bot.config import Settings
from bot.engine.engine import Engine, TurnObserver
from bot.knowledge.cache import load_checked
from bot.knowledge.models import KnowledgeBase
from bot.media.speech import NoTranscriber, Transcriber
from bot.storage import wake
from bot.storage.crypto import Protector
from bot.storage.db import Database, connect
from bot.understanding.base import Understanding
from bot.understanding.registry import build_understanding

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Runtime:
    """Settings, database, knowledge base, understanding and engine of one process."""

    settings: Settings
    db: Database
    kb: KnowledgeBase
    nlu: Understanding
    protector: Protector
    engine: Engine
    # Set by the app's lifespan (bot/web/app.py); None in the CLI and in bare test runtimes.
    metrics: WebhookCounter | None = None
    outbox: Wakeable | None = None
    inbound: Wakeable | None = None  # the shared inbound worker (bot.channels.inbound)
    announcer: Wakeable | None = None
    # Speech-to-text for voice notes (bot/media/speech.py): none yet, so a person listens.
    transcriber: Transcriber = field(default_factory=NoTranscriber)

    def wake_outbox(self) -> None:
        """New replies are queued: the outbox looks at once instead of at its next interval
        (whichever loop of this process it runs on)."""
        wake.kick("outbox")

    def count_webhook(self, channel: str, outcome: str) -> None:
        """Count a webhook outcome when metrics are on."""
        if self.metrics is not None:
            self.metrics.webhook(channel, outcome)

    async def close(self) -> None:
        """Release connections."""
        await self.nlu.aclose()
        await self.db.dispose()


def load_kb(settings: Settings) -> KnowledgeBase:
    """Load the knowledge base, refusing to run on one with errors (the copy checked at the
    last start or training when nothing changed: bot/knowledge/cache.py)."""
    return load_checked(settings.kb_dir, settings.ensure_var_dir())


def build_runtime(
    settings: Settings,
    *,
    observer: TurnObserver | None = None,
    kb: KnowledgeBase | None = None,
    nlu: Understanding | None = None,
) -> Runtime:
    """Everything a process needs, from its settings."""
    settings.ensure_var_dir()
    kb = kb or load_kb(settings)
    nlu = nlu or build_understanding(settings, kb)
    db = connect(settings.database_url)
    protector = Protector(settings.resolved_secret_key(), settings.old_secret_keys)
    engine = Engine(
        settings=settings,
        db=db,
        kb=kb,
        nlu=nlu,
        protector=protector,
        channels=channel_profiles(settings),
        observer=observer,
    )
    return Runtime(settings, db, kb, nlu, protector, engine)
