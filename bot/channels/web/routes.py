"""Web chat: a page at `/` (no CDN) and `POST /chat/message`, replies delivered in the response.

Every request passes the checks in intake.py (JSON, same origin), its signed identity
(identity.py) and the rate limits (limits.py) before the engine sees it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.host import ChannelHost
from bot.channels.web import intake, limits
from bot.channels.web.identity import COOKIE, ChatIdentity
from bot.config import Settings
from bot.storage import repository as repo
from bot.storage.models import Conversation, Message, utcnow
from bot.understanding.danger import danger_of

__all__ = ["COOKIE", "web_routes"]

STATIC = Path(__file__).parent / "static"
# The chat is where people write about violence: it must not be framed by another site (a
# look-alike could read over their shoulder), scripts come only from us, nothing is cached.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
        "object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
NO_STORE = {"Cache-Control": "no-store"}


def _json(data: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS | NO_STORE)


def _refusal(exc: intake.Refused) -> JSONResponse:
    return _json({"error": exc.reason}, exc.status)


class WebChat:
    """The web chat's handlers, built once from the settings."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.identity = ChatIdentity(settings)

    async def page(self, _: Request) -> Response:
        """The chat page."""
        return FileResponse(
            STATIC / "index.html",
            media_type="text/html; charset=utf-8",
            headers=SECURITY_HEADERS,
        )

    async def asset(self, request: Request) -> Response:
        """The page's script and style."""
        name = request.path_params["name"]
        if name not in ("chat.js", "chat.css"):
            return Response(status_code=404, headers=SECURITY_HEADERS)
        media = "text/javascript" if name.endswith(".js") else "text/css"
        return FileResponse(
            STATIC / name, media_type=f"{media}; charset=utf-8", headers=SECURITY_HEADERS
        )

    async def message(self, request: Request) -> Response:
        """One message from the browser; the replies come back in the response."""
        runtime: ChannelHost = request.app.state.runtime
        try:
            intake.check_same_origin(request, self.settings.public_url)
            intake.check_json(request)
            session_id = self.identity.read(request) or self.identity.new_id()
            inbound, lang = intake.parse(await request.body(), session_id)
        except intake.Refused as exc:
            return _refusal(exc)
        address = request.client.host if request.client else "unknown"
        verdict = await limits.admit(runtime, session_id=session_id, address=address)
        if verdict is not limits.Verdict.OK and not (
            verdict is limits.Verdict.OVER
            and inbound.text
            and danger_of(inbound.text, runtime.nlu) is not None
        ):
            reply = {"text": limits.REFUSAL, "choices": [], "kind": "notice"}
            return _json({"replies": [reply], "urgent": False, "handoff": False}, 429)
        inbound.source = limits.source_of(runtime, address)
        result = await runtime.engine.handle(inbound, inline=True, lang=lang)
        response = _json(
            {
                "replies": [
                    r.as_json()
                    | {
                        "location_request": r.payload.get("location_request", False),
                        "kind": r.payload.get("kind", "reply"),
                    }
                    for r in result.rendered
                ],
                "lang": result.lang,
                "urgent": result.urgent,
                "danger": result.danger,
                "handoff": result.handoff,
            }
        )
        self.identity.write(response, session_id)
        return response

    async def updates(self, request: Request) -> Response:
        """Replies written later (by a caseworker) for this browser: delivered once, then
        marked sent.

        The web chat has no push channel, so the page polls; the row is marked sent in the same
        transaction that hands it over, so two tabs never both show it.
        """
        try:
            intake.check_same_origin(request, self.settings.public_url)
        except intake.Refused as exc:
            return _refusal(exc)
        session_id = self.identity.read(request)
        if not session_id:
            return _json({"replies": []})
        runtime: ChannelHost = request.app.state.runtime
        async with runtime.db.sessions.begin() as session:
            contact = await repo.find_contact(session, runtime.protector, "web", session_id)
            if contact is None:
                return _json({"replies": []})
            rows = await session.scalars(
                select(Message)
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(
                    Conversation.contact_id == contact.id,
                    Message.direction == "out",
                    Message.status == "queued",
                )
                .order_by(Message.id)
                .limit(20)
            )
            replies = []
            for row in rows:
                payload = dict(row.payload or {})
                replies.append(
                    {
                        "text": row.text or "",
                        "choices": payload.get("choices", []),
                        "kind": payload.get("kind", "reply"),
                        "location_request": False,
                    }
                )
                row.status, row.sent_at = "sent", utcnow()
        return _json({"replies": replies})

    async def quick_exit(self, request: Request) -> Response:
        """The quick-exit button: end this browser's chat session (the cookie is HttpOnly, so
        only the server can drop it) and say where to go. A caseworker's reply then waits in
        the console, which says the person left by quick exit."""
        try:
            intake.check_same_origin(request, self.settings.public_url)
        except intake.Refused as exc:
            return _refusal(exc)
        runtime: ChannelHost = request.app.state.runtime
        session_id = self.identity.read(request)
        if session_id:
            async with runtime.db.sessions.begin() as session:
                contact = await repo.find_contact(session, runtime.protector, "web", session_id)
                if contact is not None:
                    conversation = await session.scalar(
                        select(Conversation)
                        .where(Conversation.contact_id == contact.id)
                        .order_by(Conversation.id.desc())
                    )
                    if conversation is not None:
                        await repo.mark_ticket_event(session, conversation.id, repo.QUICK_EXIT)
        response = _json({"url": runtime.settings.quick_exit_url})
        response.delete_cookie(
            COOKIE, httponly=True, samesite="strict", secure=self.identity.secure
        )
        return response


def web_routes(settings: Settings) -> list[BaseRoute]:
    """The web chat's routes."""
    chat = WebChat(settings)
    return [
        Route("/", chat.page),
        Route("/static/{name}", chat.asset),
        Route("/chat/message", chat.message, methods=["POST"]),
        Route("/chat/updates", chat.updates),
        Route("/chat/exit", chat.quick_exit, methods=["POST"]),
    ]
