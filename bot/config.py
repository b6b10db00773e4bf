"""One validated settings object, built at start-up and passed down (never imported as a global)."""

from __future__ import annotations

import re
import secrets
from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_KEY = 32
# Telegram's rule for the webhook secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Every knob of Rumbo. Names follow DESIGN.md; extra settings use the `RUMBO_` prefix."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(
        "sqlite+aiosqlite:///var/rumbo.db", validation_alias=_env("RUMBO_DATABASE_URL")
    )
    nlu_backend: Literal["embedded", "rasa"] = Field(
        "embedded", validation_alias=_env("RUMBO_NLU_BACKEND")
    )
    rasa_url: str = Field("http://localhost:5005", validation_alias=_env("RUMBO_RASA_URL"))
    rasa_timeout: float = Field(1.5, validation_alias=_env("RUMBO_RASA_TIMEOUT"))
    public_url: str | None = Field(None, validation_alias=_env("RUMBO_PUBLIC_URL"))

    telegram_bot_token: str | None = Field(None, validation_alias=_env("TELEGRAM_BOT_TOKEN"))
    telegram_secret: str | None = Field(None, validation_alias=_env("RUMBO_TELEGRAM_SECRET"))
    telegram_api_url: str = Field(
        "https://api.telegram.org/bot", validation_alias=_env("RUMBO_TELEGRAM_API_URL")
    )
    caseworker_telegram_chat: str | None = Field(
        None, validation_alias=_env("RUMBO_CASEWORKER_TELEGRAM_CHAT")
    )

    twilio_account_sid: str | None = Field(None, validation_alias=_env("TWILIO_ACCOUNT_SID"))
    twilio_auth_token: str | None = Field(None, validation_alias=_env("TWILIO_AUTH_TOKEN"))
    twilio_from: str | None = Field(None, validation_alias=_env("RUMBO_TWILIO_FROM"))
    twilio_api_url: str = Field(
        "https://api.twilio.com", validation_alias=_env("RUMBO_TWILIO_API_URL")
    )

    whatsapp_from: str | None = Field(None, validation_alias=_env("RUMBO_WHATSAPP_FROM"))
    whatsapp_template_sid: str | None = Field(
        None, validation_alias=_env("RUMBO_WHATSAPP_TEMPLATE_SID")
    )

    sms_profile: Literal["gsm7", "ascii1"] = Field(
        "gsm7", validation_alias=_env("RUMBO_SMS_PROFILE")
    )

    secret_key: str | None = Field(None, validation_alias=_env("RUMBO_SECRET_KEY"))
    old_secret_keys: list[str] = Field(
        default_factory=list, validation_alias=_env("RUMBO_OLD_SECRET_KEYS")
    )

    var_dir: Path = Field(Path("var"), validation_alias=_env("RUMBO_VAR_DIR"))
    kb_dir: Path = Field(Path("knowledge_base"), validation_alias=_env("RUMBO_KB_DIR"))
    nlu_dir: Path = Field(Path("nlu"), validation_alias=_env("RUMBO_NLU_DIR"))
    nlu_threshold: float = Field(0.3, validation_alias=_env("RUMBO_NLU_THRESHOLD"))

    default_lang: Literal["es", "en"] = Field("es", validation_alias=_env("RUMBO_DEFAULT_LANG"))
    timezone: str = Field("America/Guayaquil", validation_alias=_env("RUMBO_TIMEZONE"))
    working_days: str = Field("0-4", validation_alias=_env("RUMBO_WORKING_DAYS"))
    working_hours_start: time = Field(
        time(8, 0), validation_alias=_env("RUMBO_WORKING_HOURS_START")
    )
    working_hours_end: time = Field(time(17, 0), validation_alias=_env("RUMBO_WORKING_HOURS_END"))
    session_timeout_minutes: int = Field(
        24 * 60, validation_alias=_env("RUMBO_SESSION_TIMEOUT_MINUTES")
    )
    retention_days: int = Field(180, validation_alias=_env("RUMBO_RETENTION_DAYS"))
    # The target wait for a caseworker, drawn on the supervisors' quality page (#18).
    wait_target_minutes: int = Field(60, validation_alias=_env("RUMBO_WAIT_TARGET_MINUTES"))
    # Where the web chat's "Salir rápido / Quick exit" button goes (a neutral site).
    quick_exit_url: str = Field(
        "https://www.google.com", validation_alias=_env("RUMBO_QUICK_EXIT_URL")
    )
    log_level: str = Field("INFO", validation_alias=_env("RUMBO_LOG_LEVEL"))
    log_json: bool = Field(False, validation_alias=_env("RUMBO_LOG_JSON"))
    outbox_interval: float = Field(1.0, validation_alias=_env("RUMBO_OUTBOX_INTERVAL"))
    outbox_lease_seconds: float = Field(
        60.0, gt=0, validation_alias=_env("RUMBO_OUTBOX_LEASE_SECONDS")
    )
    run_workers: bool = Field(True, validation_alias=_env("RUMBO_RUN_WORKERS"))
    # The background workers on an event loop of their own, in a thread (bot/web/workers.py).
    # Off until measured on a quiet machine: on the shared 2-core one it showed no gain (#19).
    worker_thread: bool = Field(False, validation_alias=_env("RUMBO_WORKER_THREAD"))
    # Turns run by the background workers at once in one process (Telegram, SMS and WhatsApp
    # together; the web chat's own turns are not counted). Few enough that the webhooks sharing
    # the event loop answer at once; enough to keep PostgreSQL busy while a turn waits on it.
    turn_concurrency: int = Field(4, ge=1, le=64, validation_alias=_env("RUMBO_TURN_CONCURRENCY"))
    # Web chat abuse limits (kept in the database, so they hold across app processes). One
    # session is limited first; an address only generously, since a shelter shares one Wi-Fi.
    web_chat_session_per_minute: int = Field(
        20, ge=1, validation_alias=_env("RUMBO_WEB_CHAT_SESSION_PER_MINUTE")
    )
    web_chat_ip_per_minute: int = Field(
        120, ge=1, validation_alias=_env("RUMBO_WEB_CHAT_IP_PER_MINUTE")
    )
    urgent_tickets_per_source_per_hour: int = Field(
        3, ge=1, validation_alias=_env("RUMBO_URGENT_TICKETS_PER_SOURCE_PER_HOUR")
    )

    @field_validator("old_secret_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in value.split(",") if part.strip()]
        return value

    @field_validator("secret_key", "telegram_secret", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # docker-compose passes `${VAR:-}` as an empty string.
        return None if value == "" else value

    @field_validator("secret_key")
    @classmethod
    def _secret_key_is_long(cls, value: str | None) -> str | None:
        if value is not None and len(value) < MIN_SECRET_KEY:
            raise ValueError(
                f"RUMBO_SECRET_KEY must have at least {MIN_SECRET_KEY} characters "
                '(make one with: python -c "import secrets; print(secrets.token_urlsafe(48))")'
            )
        return value

    @field_validator("telegram_secret")
    @classmethod
    def _telegram_secret_charset(cls, value: str | None) -> str | None:
        if value is not None and not TELEGRAM_SECRET.fullmatch(value):
            raise ValueError(
                "RUMBO_TELEGRAM_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
                "(Telegram's rule for the webhook secret token)"
            )
        return value

    @model_validator(mode="after")
    def _public_deployment_needs_secrets(self) -> Settings:
        if self.public_url:
            if not self.secret_key:
                raise ValueError("RUMBO_SECRET_KEY is required when RUMBO_PUBLIC_URL is set")
            if self.telegram_bot_token and not self.telegram_secret:
                raise ValueError("RUMBO_TELEGRAM_SECRET is required with a public URL and Telegram")
        return self

    @property
    def telegram_enabled(self) -> bool:
        """Telegram is on when a bot token is configured."""
        return bool(self.telegram_bot_token)

    @property
    def sms_enabled(self) -> bool:
        """SMS is on when Twilio credentials are configured."""
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    @property
    def whatsapp_enabled(self) -> bool:
        """WhatsApp is on when Twilio credentials and a WhatsApp sender are configured."""
        return bool(self.sms_enabled and self.whatsapp_from)

    @property
    def model_path(self) -> Path:
        """Where the trained embedded NLU model lives."""
        return self.var_dir / "nlu" / "model.pkl"

    def ensure_var_dir(self) -> Path:
        """Create `var/` on demand (it is git-ignored local state)."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        return self.var_dir

    def resolved_secret_key(self) -> str:
        """The secret key; on a local run without one, generate it once into `var/`."""
        if self.secret_key:
            return self.secret_key
        path = self.ensure_var_dir() / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        self.secret_key = path.read_text().strip()
        return self.secret_key

    @model_validator(mode="after")
    def _database_in_var_dir(self) -> Settings:
        """Without RUMBO_DATABASE_URL the SQLite file lives in RUMBO_VAR_DIR (var/rumbo.db by
        default), with the model and the generated secret."""
        if "database_url" not in self.model_fields_set:
            self.database_url = f"sqlite+aiosqlite:///{self.var_dir / 'rumbo.db'}"
        return self

    def sqlite_path(self) -> Path | None:
        """The file of a SQLite URL, so its folder can be created."""
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix):
            rest = self.database_url[len(prefix) :]
            return Path(rest) if rest and rest != ":memory:" else None
        return None


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment and `.env`, with explicit overrides (tests)."""
    return Settings(**overrides)  # type: ignore[arg-type]
