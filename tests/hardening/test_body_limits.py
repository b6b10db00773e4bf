"""Finding 1: a huge chunked body is cut off at the route's limit, never read whole."""

from __future__ import annotations

from collections.abc import AsyncIterator

from tests.channels.telegram.conftest import HEADERS as TELEGRAM_HEADERS

CHUNK = 16 * 1024
TOTAL = 32 * 1024 * 1024  # stands in for the probe's 300 MB; more would only make it slower


class Streamed:
    """A chunked request body that counts how much of it the server pulled."""

    def __init__(self, total: int = TOTAL, prefix: bytes = b""):
        self.total = total
        self.prefix = prefix
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.prefix:
            self.sent += len(self.prefix)
            yield self.prefix
        while self.sent < self.total:
            self.sent += CHUNK
            yield b"a" * CHUNK


async def test_chunked_sms_webhook_body_stops_at_64_kb(sms) -> None:
    body = Streamed(prefix=b"Body=")
    response = await sms.client.post(
        "/webhooks/twilio/sms",
        content=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": "anything",
        },
    )
    assert response.status_code == 413
    assert body.sent <= 64 * 1024 + 2 * CHUNK, f"read {body.sent} bytes before answering"


async def test_chunked_web_chat_body_stops_at_its_limit(web_app) -> None:
    body = Streamed(prefix=b'{"text": "')
    async with web_app() as (client, _):
        response = await client.post(
            "/chat/message", content=body, headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 413
    assert body.sent <= 64 * 1024 + 2 * CHUNK, f"read {body.sent} bytes before answering"


async def test_lying_content_length_does_not_lift_the_limit(web_app) -> None:
    async with web_app() as (_, runtime):
        from bot.web.app import create_app

        app = create_app(runtime.settings, runtime=runtime, migrate=False)
        app.state.runtime = runtime
        pulled = 0
        sent: list[dict[str, object]] = []

        async def receive() -> dict[str, object]:
            nonlocal pulled
            pulled += CHUNK
            return {"type": "http.request", "body": b"a" * CHUNK, "more_body": pulled < TOTAL}

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/chat/message",
            "raw_path": b"/chat/message",
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"content-type", b"application/json"),
                (b"content-length", b"10"),
            ],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 80),
            "state": {},
            "app": app,
        }
        await app(scope, receive, send)
    assert sent[0]["status"] in (400, 413)
    assert pulled <= 64 * 1024 + 2 * CHUNK, f"read {pulled} bytes before answering"


async def test_chunked_telegram_body_stops_at_its_limit(start_app) -> None:
    body = Streamed()
    async with start_app() as running:
        response = await running.client.post(
            "/webhooks/telegram", content=body, headers=TELEGRAM_HEADERS
        )
    assert response.status_code == 413
    assert body.sent <= 1_000_000 + 2 * CHUNK
