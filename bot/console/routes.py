"""The caseworker console at `/console`: routes, sign-in and sign-out.

`routes(settings)` is what bot/web/app.py mounts. Every page but the login form goes through
`auth.guard` (signed session, active account, CSRF on POST, role where needed).
"""

from __future__ import annotations

from sqlalchemy import update
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from bot.config import Settings
from bot.console import auth
from bot.console.actions import Actions, flag_answer, set_language
from bot.console.deps import HERE, SECURITY_HEADERS, Deps, build, redirect, request_lang
from bot.console.pages import Pages
from bot.console.quality_page import QualityPage
from bot.handoff import audit
from bot.i18n import gettext
from bot.storage.models import Caseworker

STATIC_FILES = {"console.js": "text/javascript", "console.css": "text/css"}


class Login:
    """The sign-in form and its POST; sign-out."""

    def __init__(self, deps: Deps):
        self.deps = deps

    def _form(self, request: Request, session: auth.Session, error: str | None) -> Response:
        response = self.deps.render(
            request,
            "login.html",
            {"csrf": session.csrf, "error": error, "user": None},
            status=401 if error else 200,
        )
        self.deps.sessions.write(response, session)
        return response

    async def show(self, request: Request) -> Response:
        """The form; an anonymous session carries its CSRF token."""
        session = self.deps.sessions.read(request) or auth.new_session()
        if session.user_id is not None:
            return redirect("/console")
        return self._form(request, session, None)

    async def submit(self, request: Request) -> Response:
        """Check the CSRF token, then the credentials; a new session on success."""
        session = self.deps.sessions.read(request)
        form = await request.form()
        token, email, password = (form.get(k) for k in ("csrf", "email", "password"))
        if session is None or not auth.csrf_ok(session, token if isinstance(token, str) else None):
            response = self.deps.render(
                request,
                "login.html",
                {
                    "csrf": "",
                    "error": gettext(request_lang(request), "The form expired. Reload it."),
                    "user": None,
                },
                status=403,
            )
            return response
        if not isinstance(email, str) or not isinstance(password, str):
            return self._form(
                request,
                session,
                gettext(request_lang(request), "Email and password are required."),
            )
        runtime = request.app.state.runtime
        client = self.deps.sessions.client(request)
        result = await auth.authenticate(runtime.db, email, password, client=client)
        if result.refused == "throttled":
            response = self._form(
                request,
                session,
                gettext(
                    request_lang(request),
                    "Too many attempts from here. Wait a few minutes and try again.",
                ),
            )
            response.status_code = 429
            return response
        if result.user is None:
            return self._form(
                request,
                session,
                gettext(
                    request_lang(request),
                    "Wrong email or password, or the account is locked for a few minutes "
                    "after 5 failed attempts.",
                ),
            )
        user = result.user
        response = redirect("/console")
        # A fresh token at sign-in: a token seen before login is worth nothing after it.
        self.deps.sessions.write(response, auth.new_session(user.id, user.session_generation))
        return response

    async def logout(self, request: Request) -> Response:
        """Sign out (POST with CSRF, via the guard)."""
        user: Caseworker = request.state.user
        runtime = request.app.state.runtime
        async with runtime.db.sessions.begin() as db_session:
            # A new generation: this cookie (and any copy of it) stops working on the server.
            await db_session.execute(
                update(Caseworker)
                .where(Caseworker.id == user.id)
                .values(session_generation=Caseworker.session_generation + 1)
            )
            await audit.record(db_session, user.id, "logout")
        response = redirect("/console/login")
        self.deps.sessions.clear(response)
        return response


async def static(request: Request) -> Response:
    """The console's own script and style (vendored: no CDN)."""
    name = request.path_params["name"]
    if name not in STATIC_FILES:
        return Response(status_code=404)
    return FileResponse(
        HERE / "static" / name,
        media_type=f"{STATIC_FILES[name]}; charset=utf-8",
        headers={"X-Content-Type-Options": SECURITY_HEADERS["X-Content-Type-Options"]},
    )


def routes(settings: Settings) -> list[BaseRoute]:
    """Every console route."""
    deps = build(settings)
    login, pages, actions = Login(deps), Pages(deps), Actions(deps)
    quality = QualityPage(deps)

    def guarded(handler: auth.Handler, role: str | None = None) -> auth.Handler:
        return auth.guard(deps.sessions, handler, role=role)

    return [
        Route("/console/login", login.show, methods=["GET"]),
        Route("/console/login", login.submit, methods=["POST"]),
        Route("/console/logout", guarded(login.logout), methods=["POST"]),
        Route("/console/static/{name}", static, methods=["GET"]),
        Route("/console", guarded(pages.queue), methods=["GET"]),
        Route("/console/queue/fragment", guarded(pages.queue_fragment), methods=["GET"]),
        Route("/console/tickets/{ticket_id}", guarded(pages.ticket), methods=["GET"]),
        Route(
            "/console/conversations/{conversation_id}",
            guarded(pages.conversation),
            methods=["GET"],
        ),
        Route(
            "/console/tickets/{ticket_id}/{action}",
            guarded(actions.ticket_action),
            methods=["POST"],
        ),
        Route("/console/language", guarded(set_language), methods=["POST"]),
        Route("/console/messages/{message_id}/flag", guarded(flag_answer), methods=["POST"]),
        Route("/console/media/{media_id}", guarded(pages.media), methods=["GET"]),
        Route("/console/quality", guarded(quality.page, "supervisor"), methods=["GET"]),
        Route("/console/quality.csv", guarded(quality.export, "supervisor"), methods=["GET"]),
        Route("/console/audit", guarded(pages.audit_log, "supervisor"), methods=["GET"]),
        Route("/console/canned", guarded(pages.canned_list, "supervisor"), methods=["GET"]),
        Route("/console/canned", guarded(actions.canned_add, "supervisor"), methods=["POST"]),
        Route(
            "/console/canned/{reply_id}/edit",
            guarded(actions.canned_edit, "supervisor"),
            methods=["POST"],
        ),
        Route(
            "/console/canned/{reply_id}/delete",
            guarded(actions.canned_delete, "supervisor"),
            methods=["POST"],
        ),
    ]
