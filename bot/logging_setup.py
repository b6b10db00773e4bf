"""Logging: plain or JSON lines, never personal data (messages, numbers, chat ids)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from bot.config import Settings

# Attributes of a LogRecord that are not "extra" fields.
_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime"}
# Extra fields that could carry personal data are dropped, whatever a caller passes.
_FORBIDDEN = {"text", "body", "phone", "from", "to", "chat_id", "user", "address", "number"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line with the record's extra fields (minus forbidden ones)."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _FORBIDDEN and not key.startswith("_"):
                data[key] = value if isinstance(value, (int, float, bool, str)) else str(value)
        if record.exc_info:
            data["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(data, ensure_ascii=False)


# Our own loggers, and uvicorn's start-up/shutdown lines, log at the configured level.
_OURS = ("bot", "uvicorn.error", "__main__")
# Libraries that log SQL with its parameters, URLs with tokens or request bodies at DEBUG/INFO
# (aiosqlite and SQLAlchemy quote the message text, httpx/aiohttp/twilio the phone number).
# Raising their level also spares the work of formatting those records.
_NOISY = (
    "aiosqlite",
    "sqlalchemy",
    "asyncpg",
    "httpx",
    "httpcore",
    "telegram",
    "twilio",
    "aiohttp",
    "aiohttp_retry",
    "urllib3",
    "multipart",
    "python_multipart",
    "hpack",
    "asyncio",
    "alembic",
    "uvicorn.access",
)


class OnlyOursBelowWarning(logging.Filter):
    """Below WARNING, pass only Rumbo's own records: a library that starts logging data at
    DEBUG (a new dependency, a new version) cannot leak it through our handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        return any(record.name == name or record.name.startswith(name + ".") for name in _OURS)


def configure_logging(settings: Settings) -> None:
    """Set up the root logger once; keep the libraries that log data (SQL parameters, URLs with
    tokens, request bodies) at WARNING whatever the level, so DEBUG is safe to switch on."""
    root = logging.getLogger()
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter()
        if settings.log_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(OnlyOursBelowWarning())
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
