"""Console sign-in: argon2id passwords, signed session cookies, CSRF tokens, lockout, roles.

The session lives in a cookie signed with a key derived from `RUMBO_SECRET_KEY` (keys of
rotated-out secrets still verify, so a rotation does not sign everybody out). The cookie holds
the caseworker id, a CSRF token and nothing personal. Every request reloads the caseworker, so
deactivating an account takes effect at once.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from bot.config import Settings
from bot.handoff.accounts import hash_password, verify_password
from bot.storage.models import Caseworker, utcnow

COOKIE = "rumbo_console"
SESSION_HOURS = 12
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
ROLES = ("caseworker", "supervisor")
# Verified against when the email is unknown, so both cases take the same argon2 time.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))

Handler = Callable[[Request], Awaitable[Response]]


def derive_key(secret: str) -> str:
    """The session-signing key for one secret (HKDF, its own purpose label)."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"rumbo-v1", info=b"console-session")
    return key.derive(secret.encode()).hex()


@dataclass(slots=True)
class Session:
    """What the signed cookie carries."""

    csrf: str
    user_id: int | None = None


class Sessions:
    """Signs and reads session cookies."""

    def __init__(self, settings: Settings):
        keys = [derive_key(old) for old in settings.old_secret_keys]
        keys.append(derive_key(settings.resolved_secret_key()))  # the last key signs
        self._serializer = URLSafeTimedSerializer(keys, salt="rumbo-console")
        self.secure = bool(settings.public_url and settings.public_url.startswith("https://"))

    def read(self, request: Request) -> Session | None:
        """The request's session, or None when missing, forged or expired."""
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            data = self._serializer.loads(raw, max_age=SESSION_HOURS * 3600)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None
        user = data.get("uid")
        return Session(data["csrf"], user if isinstance(user, int) else None)

    def write(self, response: Response, session: Session) -> None:
        """Set the signed cookie: HttpOnly, SameSite=Strict, Secure behind HTTPS."""
        value = self._serializer.dumps({"csrf": session.csrf, "uid": session.user_id})
        response.set_cookie(
            COOKIE,
            value,
            max_age=SESSION_HOURS * 3600,
            path="/console",
            httponly=True,
            samesite="strict",
            secure=self.secure,
        )

    def clear(self, response: Response) -> None:
        """Sign out."""
        response.delete_cookie(COOKIE, path="/console", httponly=True, samesite="strict")


def new_session(user_id: int | None = None) -> Session:
    """A fresh session with a new CSRF token (issued again at sign-in)."""
    return Session(secrets.token_urlsafe(32), user_id)


def csrf_ok(session: Session, sent: str | None) -> bool:
    """Constant-time comparison of the form's token with the session's."""
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), str(sent).encode())


async def authenticate(
    db_session: AsyncSession, email: str, password: str, *, now: datetime | None = None
) -> Caseworker | None:
    """The caseworker for these credentials, counting failures and locking after five."""
    now = now or utcnow()
    found = await db_session.scalar(
        select(Caseworker).where(Caseworker.email == email.strip().lower())
    )
    if found is None or not found.active:
        verify_password(_DUMMY_HASH, password)
        return None
    if found.locked_until is not None and found.locked_until > now:
        # Locked: the password is not even checked, so guessing goes nowhere.
        return None
    if not verify_password(found.password_hash, password):
        found.failed_logins += 1
        if found.failed_logins >= MAX_FAILURES:
            found.locked_until, found.failed_logins = now + LOCKOUT, 0
        return None
    found.failed_logins, found.locked_until = 0, None
    return found


async def _form_token(request: Request) -> str | None:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    form = await request.form()
    value = form.get("csrf")
    return value if isinstance(value, str) else None


def _refuse(request: Request, status: int) -> Response:
    wants_html = request.method == "GET" and "fragment" not in request.url.path
    if status == 401 and wants_html:
        return RedirectResponse("/console/login", status_code=303)
    text = {401: "sign in first", 403: "not allowed"}.get(status, "refused")
    return JSONResponse({"error": text}, status_code=status)


def guard(sessions: Sessions, handler: Handler, *, role: str | None = None) -> Handler:
    """Wrap a console handler: signed session, active caseworker, CSRF on POST, role."""

    @wraps(handler)
    async def guarded(request: Request) -> Response:
        session = sessions.read(request)
        if session is None or session.user_id is None:
            return _refuse(request, 401)
        runtime = request.app.state.runtime
        async with runtime.db.sessions() as db_session:
            user = await db_session.get(Caseworker, session.user_id)
        if user is None or not user.active:
            return _refuse(request, 401)
        if request.method == "POST" and not csrf_ok(session, await _form_token(request)):
            return JSONResponse({"error": "bad or missing CSRF token"}, status_code=403)
        if role is not None and user.role != role:
            return _refuse(request, 403)
        request.state.user = user
        request.state.session = session
        return await handler(request)

    return guarded


def context(request: Request, **values: Any) -> dict[str, Any]:
    """Template context every console page gets: the user and the CSRF token."""
    return {"user": request.state.user, "csrf": request.state.session.csrf, **values}
