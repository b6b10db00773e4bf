"""A full SMS turn at DEBUG level writes log records, and none of them holds the person's number or
what they wrote, in JSON or in plain logs, on the happy path and on error paths.

A real `rumbo serve` process (RUMBO_LOG_LEVEL=DEBUG) gets a signed Twilio webhook and sends its
reply to the fake Twilio server, then web chat messages that fail (a lone surrogate, a location of
NaN and Infinity); every line it logged is searched for the number in every usual spelling and
for the message texts. Faster tests drive the logging set-up itself with errors that carry
SQL parameters, numbers and chat ids.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.storage.db import connect
from bot.understanding.embedded import EmbeddedModel
from tests.conftest import ROOT
from tests.production.cluster import ACCOUNT_SID, PUBLIC_URL, SECRET_KEY, TWILIO_FROM, TWILIO_TOKEN
from tests.production.fakes import ProviderFakes
from tests.production.processes import AppProcess, base_env
from tests.production.traffic import SMS_PATH, Signer

NUMBER = "+593991234987"
# The forms a number takes in logs: E.164, without "+", national, with spaces, the last digits.
NUMBER_FORMS = ["+593991234987", "593991234987", "0991234987", "099 123 4987", "991234987"]
TEXT = "Necesito saber si puedo trabajar sin visa Quillacinga"
TEXT_FORMS = [TEXT, TEXT.lower(), "quillacinga", "trabajar sin visa", "trabajar%20sin"]
# Web chat texts that make a turn fail (a lone surrogate cannot be stored; NaN is no location).
BROKEN_TEXT = "Mi hermana Huancavilca no puede salir \ud800 de la casa"
BROKEN_FORMS = ["Huancavilca", "huancavilca", "no puede salir"]
CHAT_ID = "734591826"


def leaks_in(lines: list[str], forms: list[str]) -> list[tuple[str, str]]:
    """(form, line) for every personal form found in a line."""
    return [(form, line) for line in lines for form in forms if form.lower() in line.lower()]


@pytest.mark.parametrize("log_json", ["true", "false"], ids=["json", "plain"])
async def test_debug_logs_hold_no_number_and_no_text(
    tmp_path: Path, nlu_model: EmbeddedModel, log_json: str
) -> None:
    fakes = ProviderFakes()
    await fakes.start()
    await asyncio.to_thread(nlu_model.save, tmp_path / "var" / "nlu" / "model.pkl")
    env = base_env(
        RUMBO_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'rumbo.db'}",
        RUMBO_VAR_DIR=str(tmp_path / "var"),
        RUMBO_KB_DIR=str(ROOT / "knowledge_base"),
        RUMBO_NLU_DIR=str(ROOT / "nlu"),
        RUMBO_SECRET_KEY=SECRET_KEY,
        RUMBO_PUBLIC_URL=PUBLIC_URL,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
        RUMBO_TWILIO_FROM=TWILIO_FROM,
        RUMBO_TWILIO_API_URL=fakes.twilio_url,
        RUMBO_LOG_JSON=log_json,
        RUMBO_LOG_LEVEL="DEBUG",
        RUMBO_OUTBOX_INTERVAL="0.2",
    )
    app = AppProcess("debug", env, tmp_path)
    app.start()
    try:
        await app.wait_ready(limit=240)  # trains the embedded model on first start
        signer = Signer(PUBLIC_URL, "unused", TWILIO_TOKEN, ACCOUNT_SID, TWILIO_FROM)
        params = signer.sms_params("SM" + "7" * 32, NUMBER, TEXT)
        headers = {"X-Twilio-Signature": signer.sign(SMS_PATH, params)}
        async with httpx.AsyncClient() as client:
            response = await client.post(app.url + SMS_PATH, data=params, headers=headers)
        assert response.status_code == 200, response.text
        for _ in range(300):  # up to 30 s
            if fakes.twilio.sent:
                break
            await asyncio.sleep(0.1)
        assert fakes.twilio.sent, f"no reply reached the fake Twilio:\n{app.log_tail()}"
        assert fakes.twilio.sent[0].form["To"] == NUMBER
        for body in (
            json.dumps({"text": BROKEN_TEXT}),  # the lone surrogate as a \\ud800 escape
            '{"text": "Huancavilca", "location": [NaN, Infinity]}',
            '{"text": "Huancavilca", "location": ["NaN", "Infinity"]}',
        ):
            # Each on its own connection: a request that fails may take its connection down.
            async with httpx.AsyncClient() as client:
                with contextlib.suppress(httpx.TransportError):
                    await client.post(
                        app.url + "/chat/message",
                        content=body,
                        headers={"content-type": "application/json", "origin": app.url},
                    )
        await asyncio.sleep(0.5)  # let the status bookkeeping after the send log too
    finally:
        app.stop()
        await fakes.stop()

    lines = app.log_path.read_text(errors="replace").splitlines()
    if log_json == "true":
        records = [json.loads(line) for line in lines if line.startswith("{")]
        debug = {(r["logger"], r["msg"]) for r in records if r["level"] == "DEBUG"}
    else:
        debug = {tuple(line.split(" ", 3)[3].split(": ", 1)) for line in lines if " DEBUG " in line}
    assert ("bot.engine.engine", "turn") in debug, f"the turn was not logged: {lines}"
    assert ("bot.channels.outbox", "reply finished") in debug, f"no send logged: {lines}"
    if log_json == "true":
        assert not [line for line in lines if not line.startswith("{")], "a line was not JSON"
    leaks = leaks_in(lines, NUMBER_FORMS + TEXT_FORMS + BROKEN_FORMS)
    assert not leaks, "personal data in the logs:\n" + "\n".join(
        f"{form!r}: {line[:300]}" for form, line in leaks[:10]
    )


@pytest.fixture(params=[False, True], ids=["plain", "json"])
def captured_logs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[io.StringIO]:
    """The root logger set up like `rumbo serve` does, writing into a buffer."""
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    settings = Settings(var_dir=tmp_path, log_json=request.param, _env_file=None)  # type: ignore[call-arg]
    configure_logging(settings)
    buffer = io.StringIO()
    root.handlers[0].setStream(buffer)  # type: ignore[attr-defined]
    yield buffer
    root.handlers[:], root.level = saved, level


async def test_a_failed_insert_does_not_log_its_sql_parameters(captured_logs, tmp_path) -> None:
    db = connect(f"sqlite+aiosqlite:///{tmp_path / 'leak.db'}")
    try:
        async with db.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE m (body TEXT UNIQUE, lat REAL)"))
        insert = text("INSERT INTO m VALUES (:body, :lat)")
        row = {"body": "Huancavilca vive en la casa azul", "lat": -0.1807}
        try:
            async with db.engine.begin() as conn:
                await conn.execute(insert, row)
                await conn.execute(insert, row)  # the unique constraint fails
        except Exception:
            logging.getLogger("bot.engine.engine").exception("turn failed")
    finally:
        await db.dispose()
    logged = captured_logs.getvalue()
    assert "turn failed" in logged and "IntegrityError" in logged
    assert not leaks_in(logged.splitlines(), BROKEN_FORMS + ["casa azul", "-0.1807"]), logged


async def test_exception_messages_lose_numbers_and_texts(captured_logs) -> None:
    try:
        raise ValueError(f"cannot send {TEXT!r} to {NUMBER} (chat {CHAT_ID})")
    except ValueError:
        logging.getLogger("bot.channels.outbox").exception("send failed")
    try:
        raise KeyError(BROKEN_TEXT)
    except KeyError:
        logging.getLogger("bot.web.app").exception("Exception in ASGI application")
    logging.getLogger("bot.channels.outbox").warning("retrying chat %s for %s", CHAT_ID, NUMBER)
    logged = captured_logs.getvalue()
    assert "send failed" in logged and "ValueError" in logged and "KeyError" in logged
    assert "Traceback" in logged or '"exc_type"' in logged
    leaks = leaks_in(logged.splitlines(), NUMBER_FORMS + TEXT_FORMS + BROKEN_FORMS + [CHAT_ID])
    assert not leaks, logged
