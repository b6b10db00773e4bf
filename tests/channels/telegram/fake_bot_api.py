"""A small fake Telegram Bot API server on 127.0.0.1, for python-telegram-bot's real HTTP stack.

Routes `/bot{token}/{method}` like api.telegram.org. PTB posts form fields where every non-string
value is JSON-encoded (`reply_markup`, `allowed_updates`, ...); the fake decodes them and records
each call. Failures are injected per method: a queued `Failure` answers the next call(s) with a
Bot API error body (429 with `retry_after`, 403, 400, 5xx) or holds the response (`delay`).

Files: `add_file(file_id, data)` keeps a file; `getFile` answers with a File object (#file:
`file_id`, `file_unique_id`, `file_size`, `file_path`) and the bytes are served at
`GET /file/bot{token}/{file_path}`, as https://core.telegram.org/bots/api#getfile describes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "Rumbo",
    "username": "RumboTestBot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass(slots=True)
class Call:
    """One request the fake received: the method and its decoded parameters."""

    token: str
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass(slots=True)
class Failure:
    """How to answer the next call of a method: an error status, a delay, or both."""

    status: int = 200
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class FakeBotApi:
    """Records calls, serves canned results, and fails on demand."""

    token: str = "123456:TEST-token_fake"
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    pending_updates: list[dict[str, Any]] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)
    port: int = 0
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # file_id -> data, path
    downloads: list[str] = field(default_factory=list)  # file paths fetched
    _next_message_id: int = 1000
    _updates_ready: asyncio.Event = field(default_factory=asyncio.Event)
    _called: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        """What RUMBO_TELEGRAM_API_URL must be to reach this server."""
        return f"http://127.0.0.1:{self.port}/bot"

    def fail(self, method: str, *failures: Failure) -> None:
        """Answer the next calls of `method` with these failures, in order."""
        self.failures.setdefault(method, []).extend(failures)

    def add_file(self, file_id: str, data: bytes, file_path: str = "") -> None:
        """Keep a file for getFile and the download route."""
        self.files[file_id] = (data, file_path or f"documents/file_{len(self.files)}")

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for the next getUpdates."""
        self.pending_updates.append(update)
        self._updates_ready.set()

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every call of `method`, in order."""
        return [call.params for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, *, within: float = 10.0) -> None:
        """Wait until `method` was called at least `count` times."""
        async with asyncio.timeout(within):
            while len(self.sent(method)) < count:
                self._called.clear()
                await self._called.wait()

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        site = web.SockSite(self._runner, sock)
        await site.start()

    async def stop(self) -> None:
        """Close the server (a held getUpdates answers at once)."""
        self._updates_ready.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        params = _decode(dict(await request.post()))
        self.calls.append(Call(token, method, params))
        self._called.set()
        if token != self.token:
            return _error(401, "Unauthorized")
        queue = self.failures.get(method)
        failure = queue.pop(0) if queue else None
        if failure is not None and failure.delay:
            await asyncio.sleep(failure.delay)
        if failure is not None and failure.status != 200:
            return _error(failure.status, failure.description, failure.retry_after)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        result = await handler(params)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        path = request.match_info["path"]
        self.downloads.append(path)
        for data, file_path in self.files.values():
            if file_path == path:
                return web.Response(body=data, content_type="application/octet-stream")
        return _error(404, "Not Found")

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        found = self.files.get(str(params.get("file_id")))
        if found is None:
            raise web.HTTPBadRequest(
                text=json.dumps(
                    {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
                ),
                content_type="application/json",
            )
        data, path = found
        return {
            "file_id": params["file_id"],
            "file_unique_id": f"u{abs(hash(params['file_id'])) % 10**8}",
            "file_size": len(data),
            "file_path": path,
        }

    async def _m_getMe(self, _params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        self._next_message_id += 1
        return {
            "message_id": self._next_message_id,
            "date": 1767225600,
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": BOT_USER,
            "text": params.get("text", ""),
        }

    async def _m_answerCallbackQuery(self, _params: dict[str, Any]) -> Any:
        return True

    async def _m_sendChatAction(self, _params: dict[str, Any]) -> Any:
        return True

    async def _m_setMyCommands(self, _params: dict[str, Any]) -> Any:
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = params
        return True

    async def _m_deleteWebhook(self, _params: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise web.HTTPConflict(
                text=json.dumps(
                    {"ok": False, "error_code": 409, "description": "Conflict: webhook is active"}
                ),
                content_type="application/json",
            )
        offset = int(params.get("offset") or 0)
        self.pending_updates = [u for u in self.pending_updates if u["update_id"] >= offset]
        if not self.pending_updates:
            self._updates_ready.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._updates_ready.wait(), timeout=float(params.get("timeout") or 0)
                )
        return [u for u in self.pending_updates if u["update_id"] >= offset]


def _decode(form: dict[str, Any]) -> dict[str, Any]:
    """PTB JSON-encodes non-string values; decode those, keep plain strings as they came."""
    out: dict[str, Any] = {}
    for key, value in form.items():
        text = str(value)
        try:
            decoded = json.loads(text)
        except ValueError:
            decoded = text
        out[key] = decoded if isinstance(decoded, dict | list | bool) else text
    return out


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


@contextlib.asynccontextmanager
async def running_fake() -> AsyncIterator[FakeBotApi]:
    """A started fake, stopped afterwards."""
    fake = FakeBotApi()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
