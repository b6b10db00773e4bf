"""Logging: plain or JSON lines, never personal data (messages, numbers, chat ids)."""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from typing import Any

from bot.config import Settings

# Attributes of a LogRecord that are not "extra" fields.
_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime"}
# Extra fields that could carry personal data are dropped, whatever a caller passes.
_FORBIDDEN = {"text", "body", "phone", "from", "to", "chat_id", "user", "address", "number"}


# A run of 7+ digits (spaces, dots, dashes and brackets allowed): a phone number or a chat id.
_NUMBER = re.compile(r"\+?\d[\d ().-]{5,}\d")
# A quoted value in an exception message; kept only when it reads like a code name ('lang').
_QUOTED = re.compile(r"""(['"])(.*?)\1""")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,63}")


def scrub(text: str) -> str:
    """Text with phone numbers, chat ids and quoted free text replaced by placeholders."""

    def quoted(match: re.Match[str]) -> str:
        quote, inner = match.group(1), match.group(2)
        return match.group(0) if _NAME.fullmatch(inner) else f"{quote}<hidden>{quote}"

    return _NUMBER.sub("<number>", _QUOTED.sub(quoted, text))


def _chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        cause = current.__cause__
        current = (
            cause
            if cause is not None
            else (None if current.__suppress_context__ else current.__context__)
        )
    return chain[::-1]


def format_exception(exc: BaseException) -> str:
    """A traceback (file, line, code) whose exception messages are scrubbed: an error raised
    while storing a message must not print the message (nor a number, a location...)."""
    parts = []
    for item in _chain(exc):
        frames = "".join(traceback.format_tb(item.__traceback__))
        kind = type(item).__qualname__
        module = type(item).__module__
        name = kind if module in ("builtins", "__main__") else f"{module}.{kind}"
        parts.append(f"Traceback (most recent call last):\n{frames}{name}: {scrub(str(item))}")
    return "\n\nDuring handling of the above exception, another exception occurred:\n\n".join(parts)


class PlainFormatter(logging.Formatter):
    """`time LEVEL logger: message`, with numbers and tracebacks scrubbed."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = scrub(record.message)
        return super().formatMessage(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return format_exception(ei[1]) if ei and ei[1] is not None else ""


class JsonFormatter(logging.Formatter):
    """One JSON object per line with the record's extra fields (minus forbidden ones)."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _FORBIDDEN and not key.startswith("_"):
                if isinstance(value, (int, float, bool)):
                    data[key] = value
                else:
                    data[key] = scrub(str(value))
        if record.exc_info and record.exc_info[1] is not None:
            data["exc_type"] = type(record.exc_info[1]).__name__
            data["exc"] = format_exception(record.exc_info[1])
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
    handler.setFormatter(JsonFormatter() if settings.log_json else PlainFormatter())
    handler.addFilter(OnlyOursBelowWarning())
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
