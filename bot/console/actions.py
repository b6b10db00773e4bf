"""Console actions (POST): claim, reply, note, transfer, close, and managing canned replies.

Each action and its audit entry commit together. Replies are queued in the outbox and the
outbox is woken, so a reply leaves as fast as a bot reply would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from bot.console.deps import Deps, redirect, refuse
from bot.handoff import audit, canned, tickets
from bot.handoff.tickets import TicketError
from bot.i18n import LANGS
from bot.quality import store as quality_store
from bot.runtime import Runtime
from bot.storage.models import Caseworker, Message, Ticket
from bot.storage.repository import parse_id

Action = Callable[[AsyncSession, int, Caseworker, FormData], Awaitable[str | None]]


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _wake_outbox(runtime: Runtime) -> None:
    runtime.wake_outbox()


async def _claim(session: AsyncSession, ticket_id: int, user: Caseworker, _: FormData) -> None:
    await tickets.claim(session, ticket_id, user)


async def _reply(session: AsyncSession, ticket_id: int, user: Caseworker, form: FormData) -> str:
    messages = await tickets.reply(session, ticket_id, user, _field(form, "text"))
    return ",".join(str(m.id) for m in messages)


async def _note(session: AsyncSession, ticket_id: int, user: Caseworker, form: FormData) -> None:
    await tickets.add_note(session, ticket_id, user, _field(form, "text"))


async def _transfer(session: AsyncSession, ticket_id: int, user: Caseworker, form: FormData) -> str:
    target = parse_id(_field(form, "to"))
    if target is None:
        raise TicketError("no_such_caseworker")
    await tickets.transfer(session, ticket_id, user, target)
    return f"to {target}"


async def _close(session: AsyncSession, ticket_id: int, user: Caseworker, form: FormData) -> str:
    outcome = _field(form, "outcome")
    tell = _field(form, "tell_person") == "yes"
    await tickets.close(session, ticket_id, user, outcome, tell_person=tell)
    return outcome


class Actions:
    """POST handlers; every one is wrapped by `auth.guard` (session + CSRF) in routes.py."""

    TICKET_ACTIONS: dict[str, tuple[Action, str]] = {
        "claim": (_claim, "claimed"),
        "reply": (_reply, "replied"),
        "note": (_note, "noted"),
        "transfer": (_transfer, "transferred"),
        "close": (_close, "closed"),
    }

    def __init__(self, deps: Deps):
        self.deps = deps

    async def ticket_action(self, request: Request) -> Response:
        """One action on a ticket, then back to its conversation with a notice."""
        runtime: Runtime = request.app.state.runtime
        user: Caseworker = request.state.user
        name = request.path_params["action"]
        ticket_id = parse_id(request.path_params["ticket_id"])
        if name not in self.TICKET_ACTIONS or ticket_id is None:
            return refuse(404)
        action, done = self.TICKET_ACTIONS[name]
        form = await request.form()
        if name == "transfer" and parse_id(_field(form, "to")) is None:
            return refuse(400)
        async with runtime.db.sessions() as session:
            ticket = await session.get(Ticket, ticket_id)
            if ticket is None:
                return redirect("/console", "not_found")
            conversation_id = ticket.conversation_id
        back = f"/console/conversations/{conversation_id}"
        try:
            async with runtime.db.sessions.begin() as session:
                detail = await action(session, ticket_id, user, form)
                await audit.record(
                    session,
                    user.id,
                    name,
                    conversation_id=conversation_id,
                    detail=f"ticket {ticket_id}" + (f" {detail}" if detail else ""),
                )
        except TicketError as exc:
            return redirect(back, exc.reason)
        if name in ("reply", "close"):
            _wake_outbox(runtime)
        return redirect(back, done)

    async def canned_add(self, request: Request) -> Response:
        """Supervisors: save a canned reply."""
        runtime: Runtime = request.app.state.runtime
        user: Caseworker = request.state.user
        form = await request.form()
        try:
            async with runtime.db.sessions.begin() as session:
                await canned.add(
                    session,
                    lang=_field(form, "lang"),
                    title=_field(form, "title"),
                    text=_field(form, "text"),
                    created_by=user.id,
                )
                await audit.record(session, user.id, "canned_add", detail=_field(form, "title"))
        except canned.CannedError:
            return redirect("/console/canned", "canned_invalid")
        return redirect("/console/canned", "canned_saved")

    async def canned_edit(self, request: Request) -> Response:
        """Supervisors: change a canned reply's title and text."""
        runtime: Runtime = request.app.state.runtime
        user: Caseworker = request.state.user
        reply_id = parse_id(request.path_params["reply_id"])
        if reply_id is None:
            return refuse(404)
        form = await request.form()
        try:
            async with runtime.db.sessions.begin() as session:
                changed = await canned.edit(
                    session, reply_id, title=_field(form, "title"), text=_field(form, "text")
                )
                if changed:
                    await audit.record(session, user.id, "canned_edit", detail=f"reply {reply_id}")
        except canned.CannedError:
            return redirect("/console/canned", "canned_invalid")
        return redirect("/console/canned", "canned_saved" if changed else "not_found")

    async def canned_delete(self, request: Request) -> Response:
        """Supervisors: delete a canned reply."""
        runtime: Runtime = request.app.state.runtime
        user: Caseworker = request.state.user
        reply_id = parse_id(request.path_params["reply_id"])
        if reply_id is None:
            return refuse(404)
        async with runtime.db.sessions.begin() as session:
            removed = await canned.remove(session, reply_id)
            if removed:
                await audit.record(session, user.id, "canned_delete", detail=f"reply {reply_id}")
        return redirect("/console/canned", "canned_deleted" if removed else "not_found")


async def set_language(request: Request) -> Response:
    """Any account: the console's language (Spanish or English)."""
    runtime: Runtime = request.app.state.runtime
    user: Caseworker = request.state.user
    form = await request.form()
    lang = _field(form, "lang")
    if lang not in LANGS:
        return refuse(400)
    async with runtime.db.sessions.begin() as session:
        await session.execute(update(Caseworker).where(Caseworker.id == user.id).values(lang=lang))
    user.lang = lang
    return redirect("/console", "language_saved")


async def flag_answer(request: Request) -> Response:
    """A caseworker marks a bot answer as wrong, outdated or missing, with a note."""
    runtime: Runtime = request.app.state.runtime
    user: Caseworker = request.state.user
    message_id = parse_id(request.path_params["message_id"])
    if message_id is None:
        return refuse(404)
    form = await request.form()
    async with runtime.db.sessions.begin() as session:
        message = await session.get(Message, message_id)
        if message is None or message.direction != "out" or message.author != "bot":
            return redirect("/console", "not_found")
        if not await tickets.may_read(session, message.conversation_id, user):
            return redirect("/console", "not_found")
        back = f"/console/conversations/{message.conversation_id}"
        try:
            await quality_store.flag(
                session, message, user.id, _field(form, "kind"), _field(form, "note")
            )
        except ValueError:
            return redirect(back, "bad_flag")
        await audit.record(
            session,
            user.id,
            "flag_answer",
            conversation_id=message.conversation_id,
            detail=f"message {message_id} {_field(form, 'kind')}",
        )
    return redirect(f"{back}#m{message_id}", "flagged")
