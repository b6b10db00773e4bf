"""Web chat: a page at `/` (no CDN) and `POST /chat/message`, replies delivered in the response."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.messages import InboundMessage, Location
from bot.storage import repository as repo
from bot.storage.models import Conversation, Message, utcnow

STATIC = Path(__file__).parent / "static"
COOKIE = "rumbo_chat"
MAX_BODY = 64 * 1024


async def page(_: Request) -> Response:
    """The chat page."""
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


async def asset(request: Request) -> Response:
    """The page's script and style."""
    name = request.path_params["name"]
    if name not in ("chat.js", "chat.css"):
        return Response(status_code=404)
    media = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(STATIC / name, media_type=f"{media}; charset=utf-8")


async def message(request: Request) -> Response:
    """One message from the browser; the replies come back in the response."""
    body = await request.body()
    if len(body) > MAX_BODY:
        return JSONResponse({"error": "message too large"}, status_code=413)
    try:
        data = json.loads(body or b"{}")
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError:
        return JSONResponse({"error": "body must be a JSON object"}, status_code=400)
    session_id = request.cookies.get(COOKIE) or secrets.token_urlsafe(18)
    inbound = InboundMessage(channel="web", user=session_id, text=str(data.get("text") or ""))
    if data.get("choice_id"):
        inbound.kind, inbound.choice_id = "choice", str(data["choice_id"])[:128]
    elif isinstance(data.get("location"), list) and len(data["location"]) == 2:
        try:
            lat, lon = (float(v) for v in data["location"])
        except (TypeError, ValueError):
            return JSONResponse({"error": "location must be [lat, lon]"}, status_code=400)
        inbound.kind, inbound.location = "location", Location(lat, lon)
    lang = data.get("lang") if data.get("lang") in ("es", "en") else None
    result = await request.app.state.runtime.engine.handle(inbound, inline=True, lang=lang)
    response = JSONResponse(
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
    response.set_cookie(
        COOKIE, session_id, httponly=True, samesite="strict", max_age=60 * 60 * 24 * 30
    )
    return response


async def updates(request: Request) -> Response:
    """Replies written later (by a caseworker) for this browser: delivered once, then marked sent.

    The web chat has no push channel, so the page polls; the row is marked sent in the same
    transaction that hands it over, so two tabs never both show it.
    """
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        return JSONResponse({"replies": []})
    runtime = request.app.state.runtime
    async with runtime.db.sessions.begin() as session:
        contact = await repo.find_contact(session, runtime.protector, "web", session_id)
        if contact is None:
            return JSONResponse({"replies": []})
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
    return JSONResponse({"replies": replies})


async def quick_exit(request: Request) -> Response:
    """The quick-exit button: end this browser's chat session (the cookie is HttpOnly, so only
    the server can drop it) and say where to go. A caseworker's reply then waits in the
    console, which says the person left by quick exit."""
    runtime = request.app.state.runtime
    session_id = request.cookies.get(COOKIE)
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
    response = JSONResponse({"url": runtime.settings.quick_exit_url})
    response.delete_cookie(COOKIE, httponly=True, samesite="strict")
    return response


def web_routes() -> list[BaseRoute]:
    """The web chat's routes."""
    return [
        Route("/", page),
        Route("/static/{name}", asset),
        Route("/chat/message", message, methods=["POST"]),
        Route("/chat/updates", updates),
        Route("/chat/exit", quick_exit, methods=["POST"]),
    ]
