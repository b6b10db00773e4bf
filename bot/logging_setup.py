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
        data = {
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


def configure_logging(settings: Settings) -> None:
    """Set up the root logger once; quiet the chatty HTTP libraries (they log URLs with tokens)."""
    root = logging.getLogger()
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter()
        if settings.log_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in (
        "httpx",
        "httpcore",
        "telegram",
        "twilio",
        "aiohttp",
        "alembic",
        "uvicorn.access",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
