"""What every console handler shares: settings, sessions, templates, and response helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.config import Settings
from bot.console.auth import Sessions
from bot.console.labels import label
from bot.i18n import LANG_NAMES, LANGS, N_, gettext, normal_lang, translations

if TYPE_CHECKING:  # Jinja is loaded at the first page, not at start (issue 19)
    from starlette.templating import Jinja2Templates

HERE = Path(__file__).parent
# Console pages show personal data: never cached, never framed, scripts only from us.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "media-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
NOTICES = {
    "claimed": N_("Ticket claimed."),
    "replied": N_("Reply queued: it goes out through the person's channel."),
    "noted": N_("Private note saved."),
    "transferred": N_("Ticket transferred."),
    "closed": N_("Ticket closed; the assistant takes the conversation back."),
    "flagged": N_("Thank you: the answer is flagged for the content team."),
    "canned_saved": N_("Canned reply saved."),
    "canned_deleted": N_("Canned reply deleted."),
    "language_saved": N_("Language saved."),
    "taken": N_("Someone else claimed this ticket first."),
    "not_yours": N_("Only the assigned caseworker (or a supervisor) can do that."),
    "not_open": N_("This ticket is already closed."),
    "not_found": N_("No such ticket."),
    "empty": N_("Write something first."),
    "too_long": N_("Too long: an SMS reply may use at most 2 segments."),
    "opted_out": N_(
        "Not sent: this person unsubscribed (STOP). Only an answer to an urgent ticket "
        "they opened after it can go through."
    ),
    "gone": N_("This conversation was erased at the person's request."),
    "bad_outcome": N_("Choose an outcome."),
    "bad_flag": N_("Choose what is wrong with the answer."),
    "no_such_caseworker": N_("Choose an active caseworker."),
    "canned_invalid": N_("A canned reply needs a language, a title and a text."),
}


# Notices that report something that did not happen: shown as an error, never in green.
ERROR_NOTICES = frozenset(
    {
        "taken",
        "not_yours",
        "not_open",
        "not_found",
        "empty",
        "too_long",
        "opted_out",
        "gone",
        "bad_outcome",
        "bad_flag",
        "no_such_caseworker",
        "canned_invalid",
    }
)


def request_lang(request: Request) -> str:
    """The signed-in account's language; before sign-in `?lang=en`, else Spanish."""
    user = getattr(request.state, "user", None)
    if user is not None:
        return normal_lang(getattr(user, "lang", None))
    return normal_lang(request.query_params.get("lang"))


def _context_gettext(ctx: Any, message: str) -> str:
    return gettext(ctx.get("lang"), message)


def _context_ngettext(ctx: Any, singular: str, plural: str, n: int) -> str:
    return translations(normal_lang(ctx.get("lang"))).ngettext(singular, plural, n)


def _label(ctx: Any, kind: str, code: str | None) -> str:
    return label(ctx.get("lang"), kind, code)


def duration(value: timedelta | None) -> str:
    """`4 min`, `2 h 05 min`, `3 d 4 h`."""
    if value is None:
        return "-"
    minutes = max(0, int(value.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


@dataclass(slots=True)
class Deps:
    """Built once in `routes(settings)`."""

    settings: Settings
    sessions: Sessions
    _templates: Jinja2Templates | None = None

    @property
    def templates(self) -> Jinja2Templates:
        """The console's templates, loaded at the first page (Jinja is 2 MB that `rumbo
        serve` need not hold until a caseworker logs in)."""
        if self._templates is None:
            self._templates = _templates(self)
        return self._templates

    def local(self, value: datetime | None) -> str:
        """A timestamp in the deployment's time zone."""
        if value is None:
            return "-"
        return value.astimezone(ZoneInfo(self.settings.timezone)).strftime("%Y-%m-%d %H:%M")

    def render(
        self, request: Request, name: str, values: dict[str, Any], status: int = 200
    ) -> Response:
        """A template, with the security headers."""
        code = request.query_params.get("m", "")
        lang = request_lang(request)
        notice = NOTICES.get(code)
        values = {
            "lang": lang,
            "notice": gettext(lang, notice) if notice else None,
            "notice_error": code in ERROR_NOTICES,
            **values,
        }
        response = self.templates.TemplateResponse(request, name, values, status_code=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    def fragment(self, request: Request, name: str, values: dict[str, Any]) -> Response:
        """A partial template for the page's script to swap in."""
        values = {"request": request, "lang": request_lang(request), **values}
        html = self.templates.get_template(name).render(values)
        return HTMLResponse(html, headers=SECURITY_HEADERS)


def redirect(url: str, message: str | None = None) -> Response:
    """See-other to a console page, with a notice code (never free text in the URL)."""
    target = f"{url}?m={message}" if message else url
    response = RedirectResponse(target, status_code=303)
    response.headers.update(SECURITY_HEADERS)
    return response


def refuse(status: int) -> Response:
    """A bare 404 or 400 for a malformed id in a URL or a form (never a person's typo: the
    console only links to and offers real ids)."""
    text = "No encontrado. / Not found." if status == 404 else "Solicitud no válida. / Bad request."
    return HTMLResponse(text, status_code=status, headers=SECURITY_HEADERS)


def build(settings: Settings) -> Deps:
    """Sessions and (at the first page) templates for this deployment."""
    return Deps(settings, Sessions(settings))


def _templates(deps: Deps) -> Jinja2Templates:
    from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
    from starlette.templating import Jinja2Templates

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Newstyle gettext: `_("... %(n)s", n=x)` escapes its values; the language is the page's.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        pass_context(_context_gettext), pass_context(_context_ngettext), newstyle=True
    )
    env.globals["label"] = pass_context(_label)
    env.globals["LANGS"] = LANGS
    env.globals["LANG_NAMES"] = LANG_NAMES
    env.filters["duration"] = duration
    env.filters["local"] = deps.local
    return Jinja2Templates(env=env)
