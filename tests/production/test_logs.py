"""A full SMS turn at DEBUG level writes log records, and none of them holds the person's number or
what they wrote.

A real `rumbo serve` process (JSON logs, RUMBO_LOG_LEVEL=DEBUG) gets a signed Twilio webhook and
sends its reply to the fake Twilio server; then every line it logged is searched for the number
in every usual spelling and for the message text.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx

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


async def test_debug_logs_hold_no_number_and_no_text(tmp_path: Path) -> None:
    fakes = ProviderFakes()
    await fakes.start()
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
        RUMBO_LOG_JSON="true",
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
        await asyncio.sleep(0.5)  # let the status bookkeeping after the send log too
    finally:
        app.stop()
        await fakes.stop()

    lines = app.log_path.read_text(errors="replace").splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    debug = {(r["logger"], r["msg"]) for r in records if r["level"] == "DEBUG"}
    assert ("bot.engine.engine", "turn") in debug, f"the turn was not logged: {records}"
    assert ("bot.channels.outbox", "reply finished") in debug, f"no send logged: {records}"
    assert not [line for line in lines if not line.startswith("{")], "a line was not JSON"
    leaks = [
        (form, line)
        for line in lines
        for form in NUMBER_FORMS + TEXT_FORMS
        if form.lower() in line.lower()
    ]
    assert not leaks, "personal data in the logs:\n" + "\n".join(
        f"{form!r}: {line[:300]}" for form, line in leaks[:10]
    )
