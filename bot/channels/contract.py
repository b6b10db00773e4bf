"""The channel contract: what every channel adapter offers the app, typed.

An adapter is one object per app process. The app (bot/web/app.py) mounts its `routes()`, calls
`start()` inside the running event loop (SDK clients are built there, and imported only then, so a
channel that is not configured costs nothing), hands it to the shared outbox as the sender of its
channel, hands its `process` to the one inbound worker that drains the shared queue for every
channel, runs its `background()` tasks where workers run, and calls `stop()` on shutdown.

`render` is the same pure function the engine uses for that channel (`registry.RENDERERS`);
`classify` maps whatever the channel's SDK or network raised to a `SendError` whose flags the
outbox reads (retryable, unreachable, opted out, held), never its text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from starlette.routing import BaseRoute

from bot.channels.outbox import SendError
from bot.channels.render import Renderer
from bot.config import Settings
from bot.storage.inbound import QueuedEvent

if TYPE_CHECKING:
    from bot.channels.host import ChannelHost


class ChannelAdapter(Protocol):
    """One channel: its name, its routes, how it renders, sends and classifies errors."""

    name: str
    render: Renderer

    def enabled(self, settings: Settings) -> bool:
        """The channel's configuration is present."""
        ...

    def routes(self) -> Sequence[BaseRoute]:
        """Its webhooks (mounted whether or not the lifespan has run)."""
        ...

    async def start(self, runtime: ChannelHost) -> None:
        """Build the SDK client and whatever the channel keeps for this process."""
        ...

    async def send(self, address: str, payload: dict[str, Any], *, message_id: int) -> str | None:
        """Deliver one stored reply; return the provider's id. Raise SendError on failure."""
        ...

    def classify(self, exc: BaseException) -> SendError:
        """The SDK's or network's failure as a typed SendError."""
        ...

    async def process(self, event: QueuedEvent) -> None:
        """Act on one stored delivery of this channel from the shared inbound queue (its
        webhook stored it with `bot.channels.inbound.accept_inbound`). Raising leaves the event
        for a retry."""
        ...

    async def background(self, runtime: ChannelHost) -> list[asyncio.Task[None]]:
        """Its workers (only called where RUMBO_RUN_WORKERS is on)."""
        ...

    async def stop(self, runtime: ChannelHost) -> None:
        """Close clients."""
        ...
