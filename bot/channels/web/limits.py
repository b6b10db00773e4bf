"""Web chat rate limits: per chat session first, then (generously) per client address.

Counts live in the database (bot/storage/ratelimit.py), so several app processes share them.
Addresses and session ids are counted under a keyed hash, never stored as they are. Over the
limit, a message that signals danger is still answered in full, up to a hard ceiling, because
the emergency reply is never withheld for a rate limit; past the ceiling the refusal itself
carries the emergency number.
"""

from __future__ import annotations

from enum import Enum

from bot.channels.host import ChannelHost
from bot.storage import ratelimit

WINDOW_SECONDS = 60
CEILING = 3  # times the limit: past this, even a danger message gets only the short refusal
REFUSAL = (
    "Estás enviando muchos mensajes. Espera un minuto e intenta de nuevo. "
    "Si estás en peligro, llama al 911 (ECU 911). / "
    "You are sending many messages. Wait a minute and try again. "
    "If you are in danger, call 911 (ECU 911)."
)


class Verdict(Enum):
    """Within the limits, over them, or past the hard ceiling."""

    OK = "ok"
    OVER = "over"
    CEILING = "ceiling"


def source_of(runtime: ChannelHost, address: str) -> str:
    """The keyed hash that names a client address (rate limits, the urgent-ticket cap)."""
    return runtime.protector.lookup_hash("web-address", address)


async def admit(runtime: ChannelHost, *, session_id: str, address: str) -> Verdict:
    """Count one message against its session, then its address."""
    settings = runtime.settings
    session_key = "ws:" + runtime.protector.lookup_hash("web-session", session_id)
    async with runtime.db.sessions.begin() as session:
        hits = await ratelimit.hit(session, session_key, window_seconds=WINDOW_SECONDS)
        limit = settings.web_chat_session_per_minute
        if hits <= limit:
            hits = await ratelimit.hit(
                session, "wa:" + source_of(runtime, address), window_seconds=WINDOW_SECONDS
            )
            limit = settings.web_chat_ip_per_minute
    if hits <= limit:
        return Verdict.OK
    return Verdict.OVER if hits <= CEILING * limit else Verdict.CEILING
