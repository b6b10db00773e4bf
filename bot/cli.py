"""The `rumbo` command line."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from bot.config import Settings, load_settings

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Rumbo assistant.",
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(no_args_is_help=True, help="Knowledge base.")
nlu_app = typer.Typer(no_args_is_help=True, help="NLU training data.")
db_app = typer.Typer(no_args_is_help=True, help="Database.")
caseworker_app = typer.Typer(no_args_is_help=True, help="Console accounts.")
telegram_app = typer.Typer(no_args_is_help=True, help="Telegram.")
app.add_typer(kb_app, name="kb")
app.add_typer(nlu_app, name="nlu")
app.add_typer(db_app, name="db")
app.add_typer(caseworker_app, name="caseworker")
app.add_typer(telegram_app, name="telegram")


class _Console:
    """rich's Console, built at its first use: `rumbo serve` never prints with it, and need
    not import it (issue 19: 1.5 MB and 30 ms less at start)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    def rich(self) -> Any:
        """The Console itself."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich(), name)


console = _Console(soft_wrap=True)
err = _Console(stderr=True, soft_wrap=True)

Channel = Annotated[str, typer.Option("--channel", help="telegram, sms, whatsapp or web")]
Lang = Annotated[str | None, typer.Option("--lang", help="es or en")]
User = Annotated[str, typer.Option("--user", help="conversation id; the same id continues")]


def _settings() -> Settings:
    from bot.logging_setup import configure_logging

    try:
        settings = load_settings()
    except ValidationError as exc:
        # A readable line per problem, not a traceback (and never the offending value).
        for error in exc.errors():
            err.print(f"configuration error: {error['msg'].removeprefix('Value error, ')}")
        raise typer.Exit(2) from None
    configure_logging(settings)
    return settings


def _check_channel(channel: str) -> None:
    if channel not in ("telegram", "sms", "whatsapp", "web"):
        err.print(f"unknown channel {channel!r}: use telegram, sms, whatsapp or web")
        raise typer.Exit(2)


async def _one_turn(
    settings: Settings, text: str, channel: str, lang: str | None, user: str
) -> dict[str, Any]:
    from bot.messages import InboundMessage
    from bot.runtime import build_runtime
    from bot.storage.migrate import upgrade_async

    await upgrade_async(settings.database_url)
    runtime = build_runtime(settings)
    try:
        inbound = InboundMessage(channel=channel, user=f"cli:{user}", text=text, lang_hint=lang)
        result = await runtime.engine.handle(inbound, inline=True, lang=lang)
    finally:
        await runtime.close()
    return turn_json(result)


def turn_json(result: Any) -> dict[str, Any]:
    """The `rumbo ask --json` object (DESIGN.md contract)."""
    return {
        "replies": [r.as_json() for r in result.rendered],
        "lang": result.lang,
        "intent": result.intent,
        "confidence": result.confidence,
        "topic": result.topic,
        "article_ids": result.article_ids,
        "urgent": result.urgent,
        "danger": result.danger,
        "handoff": result.handoff,
        "fallback": result.fallback,
        "clarify": result.clarify,
        "optout": result.optout,
        "erasure": result.erasure,
    }


def _print_replies(data: dict[str, Any], channel: str) -> None:
    for reply in data["replies"]:
        if channel == "sms":
            console.print(reply["text"], markup=False, highlight=False)
            console.print(
                f"[dim]── SMS: {reply['segments']} segment(s), {reply['encoding']}, "
                f"{len(reply['text'])} characters[/dim]"
            )
            continue
        console.print(reply["text"], markup=False, highlight=False)
        for index, choice in enumerate(reply["choices"], 1):
            console.print(f"  [bold]\\[{index}][/bold] {choice['label']}", highlight=False)
        console.print()


@app.command()
def ask(
    text: Annotated[str, typer.Argument(help="the message")],
    channel: Channel = "web",
    lang: Lang = None,
    user: User = "cli",
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """One message in, the replies out; the same --user continues the same conversation."""
    _check_channel(channel)
    data = asyncio.run(_one_turn(_settings(), text, channel, lang, user))
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        _print_replies(data, channel)


@app.command()
def chat(channel: Channel = "web", lang: Lang = None, user: User = "cli-chat") -> None:
    """Talk to the assistant in the terminal (Ctrl-D to leave)."""
    _check_channel(channel)
    settings = _settings()

    async def loop() -> None:
        from bot.messages import InboundMessage
        from bot.runtime import build_runtime
        from bot.storage.migrate import upgrade_async

        await upgrade_async(settings.database_url)
        runtime = build_runtime(settings)
        console.print(f"[dim]Rumbo on {channel}. Write a message; Ctrl-D to quit.[/dim]")
        try:
            while True:
                try:
                    text = await asyncio.to_thread(input, "tú> ")
                except EOFError:
                    break
                inbound = InboundMessage(
                    channel=channel, user=f"cli:{user}", text=text, lang_hint=lang
                )
                result = await runtime.engine.handle(inbound, inline=True, lang=lang)
                _print_replies(turn_json(result), channel)
        finally:
            await runtime.close()

    asyncio.run(loop())


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
) -> None:
    """Run the web app: webhooks, web chat at /, console at /console, health and metrics."""
    import uvicorn

    from bot.web.app import create_app

    settings = _settings()
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )


@app.command()
def train(
    if_stale: Annotated[bool, typer.Option("--if-stale", help="only when data changed")] = False,
) -> None:
    """Build the embedded NLU model from nlu/data and the knowledge base."""
    # Not bot.runtime: training needs neither the engine nor the database.
    from bot.knowledge.cache import load_checked
    from bot.understanding.registry import ensure_model

    settings = _settings()
    started = time.perf_counter()
    kb = load_checked(settings.kb_dir, settings.ensure_var_dir())  # kept for `rumbo serve`
    model = ensure_model(settings, kb, force=not if_stale)
    console.print(
        f"trained {len(model.intents)} intents on {model.examples} examples in "
        f"{time.perf_counter() - started:.2f} s -> {settings.model_path}"
    )


@app.command("eval")
def evaluate(
    backend: Annotated[str, typer.Option("--backend", help="embedded or rasa")] = "embedded",
    data: Annotated[Path, typer.Option("--data")] = Path("tests/data/nlu_test.yml"),
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Accuracy report on a labelled test file."""
    from bot.understanding.evaluation import evaluate_file, format_report

    settings = _settings()
    if backend not in ("embedded", "rasa"):
        err.print("backend must be embedded or rasa")
        raise typer.Exit(2)
    report = asyncio.run(evaluate_file(settings, data, backend=backend))
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(format_report(report), markup=False, highlight=False)


@kb_app.command("check")
def kb_check(
    sms: Annotated[bool, typer.Option("--sms", help="print each SMS as it will be sent")] = False,
) -> None:
    """Validate every article and service entry; non-zero exit on any error."""
    from bot.knowledge.check import run_check

    code = run_check(_settings(), show_sms=sms, out=console.rich(), sms_preview=_sms_preview)
    raise typer.Exit(code)


def _sms_preview(article: Any, today: Any) -> list[Any]:
    """An article's first SMS on each route profile, built by the SMS channel."""
    from bot.channels.sms import pages
    from bot.channels.sms.profile import PROFILES
    from bot.knowledge.check import SmsPage

    found = []
    for profile in PROFILES.values():
        built = pages.build(article, profile, today=today)
        text = built.first
        found.append(
            SmsPage(
                profile.name,
                text,
                profile.encoding(text),
                profile.segments(text),
                profile.units(text),
                built.total,
            )
        )
    return found


@nlu_app.command("export")
def nlu_export() -> None:
    """Write the knowledge base's example questions into nlu/data as Rasa YAML."""
    from bot.runtime import load_kb
    from bot.understanding.export import export_kb

    settings = _settings()
    path = export_kb(load_kb(settings), settings.nlu_dir)
    console.print(f"wrote {path}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply Alembic migrations."""
    from bot.storage.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    console.print("database is up to date")


@caseworker_app.command("add")
def caseworker_add(
    email: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option("--name")],
    role: Annotated[str, typer.Option("--role")] = "caseworker",
    password: Annotated[
        str | None, typer.Option("--password", hidden=True, envvar="RUMBO_NEW_PASSWORD")
    ] = None,
) -> None:
    """Create a console account (asks for the password)."""
    from bot.handoff.accounts import (
        AccountError,
        create_caseworker,
        normalise_email,
        valid_email,
    )

    email = normalise_email(email)
    if not valid_email(email):
        err.print(f"not a valid e-mail address: {email!r}")
        raise typer.Exit(2)
    if role not in ("caseworker", "supervisor"):
        err.print("role must be caseworker or supervisor")
        raise typer.Exit(2)
    secret = password or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(secret) < 10:
        err.print("the password needs at least 10 characters")
        raise typer.Exit(2)
    settings = _settings()
    try:
        asyncio.run(create_caseworker(settings, email=email, name=name, role=role, password=secret))
    except AccountError as exc:
        err.print(str(exc))
        raise typer.Exit(1) from None
    console.print(f"created {role} {email}")


@caseworker_app.command("deactivate")
def caseworker_deactivate(email: Annotated[str, typer.Argument()]) -> None:
    """End an account's access at once (its sessions too); its audit trail stays."""
    from bot.handoff.accounts import AccountError, deactivate_caseworker, normalise_email

    settings = _settings()
    try:
        asyncio.run(deactivate_caseworker(settings, email=email))
    except AccountError as exc:
        err.print(str(exc))
        raise typer.Exit(1) from None
    console.print(f"deactivated {normalise_email(email)}: signed out everywhere")


@telegram_app.command("set-webhook")
def telegram_set_webhook() -> None:
    """Register RUMBO_PUBLIC_URL/webhooks/telegram with the secret token."""
    from bot.channels.telegram.setup import set_webhook

    settings = _settings()
    if not (settings.telegram_bot_token and settings.public_url and settings.telegram_secret):
        err.print("set TELEGRAM_BOT_TOKEN, RUMBO_PUBLIC_URL and RUMBO_TELEGRAM_SECRET first")
        raise typer.Exit(2)
    url = asyncio.run(set_webhook(settings))
    console.print(f"webhook set to {url}")


def main() -> None:
    """Entry point of the console script."""
    app()
