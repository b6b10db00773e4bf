"""Console pages: the queue and its live fragment, a conversation, audit log, canned replies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response

from bot.console import triage
from bot.console.auth import context
from bot.console.deps import SECURITY_HEADERS, Deps, redirect, refuse, request_lang
from bot.dialogue.texts import format_wait
from bot.handoff import audit, canned, casefile, tickets
from bot.handoff.tickets import MAX_SMS_SEGMENTS, OUTCOMES
from bot.i18n import gettext
from bot.runtime import Runtime
from bot.storage import media as stored_media
from bot.storage.models import Caseworker, Ticket, utcnow
from bot.storage.repository import parse_id


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _int_param(request: Request, name: str) -> int | None:
    return parse_id(request.path_params.get(name, ""))


class Pages:
    """GET handlers; every one is wrapped by `auth.guard` in routes.py."""

    def __init__(self, deps: Deps):
        self.deps = deps

    async def _queue_values(self, request: Request) -> dict[str, Any]:
        runtime = _runtime(request)
        lang = request_lang(request)
        now = utcnow()
        async with runtime.db.sessions() as session:
            items = await tickets.queue(session, now=now)
            wait = await tickets.expected_wait(session, now=now)
            facts = await triage.triage(session, items, now)
        within, hours = runtime.engine.working_hours(now, lang)
        return {
            "items": items,
            "triage": facts,
            "expected_wait": format_wait(wait, lang) or gettext(lang, "as soon as possible"),
            "within_hours": within,
            "hours": hours,
            "urgent_count": sum(1 for item in items if item.priority == "urgent"),
        }

    async def queue(self, request: Request) -> Response:
        """The queue: urgent first, then the longest wait."""
        values = await self._queue_values(request)
        return self.deps.render(request, "queue.html", context(request, **values))

    async def queue_fragment(self, request: Request) -> Response:
        """The queue's rows, polled by console.js so the page updates without a reload."""
        values = await self._queue_values(request)
        return self.deps.fragment(request, "_queue_rows.html", context(request, **values))

    async def ticket(self, request: Request) -> Response:
        """A ticket's link (as announced to the caseworkers' group) opens its conversation."""
        ticket_id = _int_param(request, "ticket_id")
        if ticket_id is None:
            return refuse(404)
        async with _runtime(request).db.sessions() as session:
            ticket = await session.get(Ticket, ticket_id)
        if ticket is None:
            return redirect("/console", "not_found")
        return redirect(f"/console/conversations/{ticket.conversation_id}")

    async def conversation(self, request: Request) -> Response:
        """The whole conversation, its ticket history, and the actions on the open ticket."""
        runtime = _runtime(request)
        user: Caseworker = request.state.user
        conversation_id = _int_param(request, "conversation_id")
        if conversation_id is None:
            return refuse(404)
        async with runtime.db.sessions.begin() as session:
            case = await casefile.load(session, runtime.protector, conversation_id)
            if case is None:
                return redirect("/console", "gone")
            if not await tickets.may_read(session, conversation_id, user):
                # Need-to-know: refused looks like a missing id, and is audited.
                await audit.record(
                    session,
                    user.id,
                    "conversation_refused",
                    detail=f"conversation {conversation_id}",
                )
                case = None
        if case is None:
            return redirect("/console", "not_found")
        async with runtime.db.sessions.begin() as session:
            # Who opened which conversation is logged before anything is shown.
            await audit.record(
                session, user.id, "open_conversation", conversation_id=conversation_id
            )
            open_ticket = case.open_ticket
            lang = (open_ticket.lang if open_ticket else None) or case.lang or "es"
            replies = await canned.for_lang(session, lang)
            views = await triage.message_views(session, conversation_id)
            place = await triage.place_of_conversation(session, conversation_id)
            others = list(
                await session.scalars(
                    select(Caseworker)
                    .where(Caseworker.active.is_(True), Caseworker.id != user.id)
                    .order_by(Caseworker.name)
                )
            )
        _, hours = runtime.engine.working_hours(utcnow(), lang)
        # Filled in for the page only: the row keeps its {horario} mark.
        insertable = [canned.Insertable(r.title, canned.fill_hours(r.text, hours)) for r in replies]
        values = context(
            request,
            case=case,
            views=views,
            place=place,
            reply_lang=lang,
            danger=triage.danger_of_ticket(open_ticket) if open_ticket else None,
            ticket=open_ticket,
            may_act=open_ticket is not None and tickets.may_act(open_ticket, user),
            canned=insertable,
            colleagues=others,
            outcomes=OUTCOMES,
            max_sms_segments=MAX_SMS_SEGMENTS,
        )
        return self.deps.render(request, "conversation.html", values)

    async def audit_log(self, request: Request) -> Response:
        """Supervisors only: who opened or changed which conversation."""
        before = request.query_params.get("before")
        before_id = parse_id(before) if before else None
        if before and before_id is None:
            return refuse(400)
        async with _runtime(request).db.sessions() as session:
            lines = await audit.entries(session, before_id=before_id)
        older = lines[-1].id if len(lines) == audit.PAGE else None
        values = context(request, lines=lines, older=older, paged=bool(before))
        return self.deps.render(request, "audit.html", values)

    async def canned_list(self, request: Request) -> Response:
        """Supervisors only: the canned replies, per language."""
        async with _runtime(request).db.sessions() as session:
            replies = await canned.every(session)
        return self.deps.render(
            request, "canned.html", context(request, replies=replies, langs=canned.LANGS)
        )

    async def media(self, request: Request) -> Response:
        """A voice note, photo or document of the transcript, for a caseworker who may read its
        conversation: under the type its bytes showed, never cached, shown inline; audited."""
        runtime = _runtime(request)
        user: Caseworker = request.state.user
        media_id = _int_param(request, "media_id")
        if media_id is None:
            return refuse(404)
        async with runtime.db.sessions.begin() as session:
            found = await stored_media.load(session, runtime.protector, media_id)
            if found is None or not await tickets.may_read(session, found[0].conversation_id, user):
                return refuse(404)
            row, body = found
            await audit.record(
                session,
                user.id,
                "open_media",
                conversation_id=row.conversation_id,
                detail=f"media {media_id}",
            )
        extension = MEDIA_EXTENSIONS.get(row.content_type, "bin")
        headers = SECURITY_HEADERS | {
            "Content-Disposition": f'inline; filename="rumbo-{media_id}.{extension}"',
            "Cache-Control": "no-store, private",
        }
        return Response(body, media_type=row.content_type, headers=headers)


MEDIA_EXTENSIONS = {
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/amr": "amr",
    "audio/mp4": "m4a",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
