"""A cap on request bodies per route, enforced on the bytes as they stream in.

Content-Length and chunked encoding are both claims: the cap counts what actually arrives and
answers 413 as soon as a body passes it, so a 300 MB upload costs at most one chunk over the
limit. It is plain ASGI so it sits in front of every handler, whatever the handler reads.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KB = 1024
# Longest prefix wins. A webhook (Twilio: one SMS with every parameter) fits 64 KB; a Telegram
# Update is a few kB (its handler allows 1 MB); a chat message is at most a few thousand
# characters; a console form carries one reply of at most 4000 characters, percent-encoded.
ROUTE_LIMITS: dict[str, int] = {
    "/webhooks/": 64 * KB,
    "/webhooks/telegram": 1000 * KB,
    "/chat/": 64 * KB,
    "/console/": 256 * KB,
}
DEFAULT_LIMIT = 64 * KB


def limit_for(path: str) -> int:
    """The body limit of a path: its longest matching prefix, else the default."""
    best, limit = -1, DEFAULT_LIMIT
    for prefix, value in ROUTE_LIMITS.items():
        if path.startswith(prefix) and len(prefix) > best:
            best, limit = len(prefix), value
    return limit


class BodyTooLarge(Exception):
    """Raised inside `receive` when a body passes its limit; turned into a 413 here."""


class BodyLimit:
    """ASGI middleware: 413 for a body over its route's limit, declared or streamed."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _too_large(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(scope, receive, send)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1")
            return int(text) if text.isascii() and text.isdigit() else None
    return None


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = PlainTextResponse("request body too large", status_code=413)
    # The client may still be sending; the server closes the connection after this answer.
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
