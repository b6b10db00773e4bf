"""Console sign-in: argon2id passwords, signed session cookies, CSRF tokens, lockout, roles.

The session lives in a cookie signed with a key derived from `RUMBO_SECRET_KEY` (keys of
rotated-out secrets still verify, so a rotation does not sign everybody out). The cookie holds
the caseworker id, the account's session generation, a CSRF token and nothing personal. Every
request reloads the caseworker and compares the generation, so signing out or deactivating an
account ends its sessions at once, on the server.

Sign-in resists guessing without letting anyone lock caseworkers out for long: failed attempts
are throttled per client (state in the database, so it holds across processes), an account
locks briefly after five failures (1, 2, 4, 8, then 15 minutes), the counter is updated
atomically, every attempt costs one argon2 check in a worker thread (unknown and locked
accounts too, so timing reveals nothing), and failures and lockouts go to the audit log.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, wraps
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, or_, select, update
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from bot.config import Settings
from bot.handoff import audit
from bot.handoff.accounts import hash_password, normalise_email, verify_password
from bot.storage.crypto import derive
from bot.storage.db import Database
from bot.storage.models import Caseworker, LoginAttempt, utcnow

COOKIE = "rumbo_console"
SESSION_HOURS = 12
MAX_FAILURES = 5
FIRST_LOCKOUT = timedelta(minutes=1)  # doubles with each lockout in a row ...
LOCKOUT = timedelta(minutes=15)  # ... up to this
CLIENT_ATTEMPTS = 10  # failed sign-ins per client ...
CLIENT_WINDOW = timedelta(minutes=10)  # ... in this sliding window
ROLES = ("caseworker", "supervisor")


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so both cases take the same argon2 time.
    Made on the first sign-in, not at start: an argon2 hash holds 64 MB while it runs, which
    was most of the server's peak memory (issue 19)."""
    return hash_password(secrets.token_urlsafe(16))


def _check_password(password_hash: str | None, password: str) -> bool:
    """One argon2 check against the hash, or the dummy hash when there is none. The dummy is
    asked for either way, so the first sign-in after start costs the same for every email."""
    dummy = _dummy_hash()
    return verify_password(dummy if password_hash is None else password_hash, password)


Handler = Callable[[Request], Awaitable[Response]]


def derive_key(secret: str) -> str:
    """The session-signing key for one secret (HKDF, its own purpose label)."""
    return derive(secret, b"console-session").hex()


@dataclass(slots=True)
class Session:
    """What the signed cookie carries."""

    csrf: str
    user_id: int | None = None
    generation: int = 0


class Sessions:
    """Signs and reads session cookies."""

    def __init__(self, settings: Settings):
        keys = [derive_key(old) for old in settings.old_secret_keys]
        keys.append(derive_key(settings.resolved_secret_key()))  # the last key signs
        self._serializer = URLSafeTimedSerializer(keys, salt="rumbo-console")
        self.secure = bool(settings.public_url and settings.public_url.startswith("https://"))
        self._client_key = bytes.fromhex(derive_key(settings.resolved_secret_key()))

    def client(self, request: Request) -> str:
        """A keyed hash of the client's address: throttles sign-in without storing the IP."""
        address = request.client.host if request.client else "unknown"
        return hmac.new(self._client_key, address.encode(), hashlib.sha256).hexdigest()[:32]

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
        user, generation = data.get("uid"), data.get("gen")
        return Session(
            data["csrf"],
            user if isinstance(user, int) else None,
            generation if isinstance(generation, int) else -1,
        )

    def write(self, response: Response, session: Session) -> None:
        """Set the signed cookie: HttpOnly, SameSite=Strict, Secure behind HTTPS."""
        value = self._serializer.dumps(
            {"csrf": session.csrf, "uid": session.user_id, "gen": session.generation}
        )
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


def new_session(user_id: int | None = None, generation: int = 0) -> Session:
    """A fresh session with a new CSRF token (issued again at sign-in)."""
    return Session(secrets.token_urlsafe(32), user_id, generation)


def csrf_ok(session: Session, sent: str | None) -> bool:
    """Constant-time comparison of the form's token with the session's."""
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), str(sent).encode())


@dataclass(slots=True)
class SignIn:
    """The outcome of one attempt: the account on success, else why not (never shown apart)."""

    user: Caseworker | None
    refused: str | None = None  # wrong | locked | throttled


def lockout_for(lockouts: int) -> timedelta:
    """How long the n-th lockout in a row lasts: 1, 2, 4, 8, then 15 minutes."""
    lasts: timedelta = min(FIRST_LOCKOUT * 2 ** max(0, lockouts - 1), LOCKOUT)
    return lasts


async def _throttled(db: Database, client: str, now: datetime) -> bool:
    async with db.sessions.begin() as session:
        recent = await session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.client == client, LoginAttempt.at > now - CLIENT_WINDOW)
        )
        if (recent or 0) < CLIENT_ATTEMPTS:
            return False
        # Still trying keeps the window sliding; only the first refusal is audited.
        session.add(LoginAttempt(client=client, at=now))
        if recent == CLIENT_ATTEMPTS:
            await audit.record(session, None, "login_throttled")
        return True


async def _succeed(db: Database, user: Caseworker, now: datetime) -> bool:
    """Reset the counters, unless a concurrent attempt locked the account meanwhile."""
    async with db.sessions.begin() as session:
        done = await session.execute(
            update(Caseworker)
            .where(
                Caseworker.id == user.id,
                Caseworker.active.is_(True),
                or_(Caseworker.locked_until.is_(None), Caseworker.locked_until <= now),
            )
            .values(failed_logins=0, lockouts=0, locked_until=None)
            .returning(Caseworker.session_generation)
        )
        generation = done.scalar()
        if generation is None:
            return False
        user.session_generation = generation
        await audit.record(session, user.id, "login")
        return True


async def _fail(
    db: Database, client: str, user: Caseworker | None, *, locked: bool, now: datetime
) -> None:
    """Count the failure for the client and, atomically, for the account; lock at five.
    Few statements, the account's first: the write lock is held as briefly as possible."""
    async with db.sessions.begin() as session:
        if user is not None and not locked:
            counted = (
                await session.execute(
                    update(Caseworker)
                    .where(Caseworker.id == user.id)
                    .values(failed_logins=Caseworker.failed_logins + 1)
                    .returning(Caseworker.failed_logins, Caseworker.lockouts)
                )
            ).one_or_none()
            if counted is not None and counted[0] >= MAX_FAILURES:
                lasts = lockout_for(counted[1] + 1)
                locking = await session.scalar(
                    update(Caseworker)
                    .where(Caseworker.id == user.id, Caseworker.failed_logins >= MAX_FAILURES)
                    .values(failed_logins=0, lockouts=counted[1] + 1, locked_until=now + lasts)
                    .returning(Caseworker.id)
                )
                if locking is not None:  # else a concurrent attempt locked it already
                    await audit.record(session, user.id, "lockout", detail=str(lasts))
        session.add(LoginAttempt(client=client, at=now))
        user_id = user.id if user is not None else None
        await audit.record(session, user_id, "login_failed", detail="locked" if locked else None)
        if secrets.randbelow(50) == 0:  # now and then, forget attempts older than the window
            await session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - CLIENT_WINDOW))


async def authenticate(
    db: Database, email: str, password: str, *, client: str, now: datetime | None = None
) -> SignIn:
    """Check the credentials; no transaction stays open while argon2 runs in its thread."""
    now = now or utcnow()
    if await _throttled(db, client, now):
        return SignIn(None, "throttled")
    async with db.sessions() as session:
        found = await session.scalar(
            select(Caseworker).where(Caseworker.email == normalise_email(email))
        )
    usable = found if found is not None and found.active else None
    locked = bool(usable and usable.locked_until and usable.locked_until > now)
    checked = usable.password_hash if usable is not None else None
    # Always one real check, in a worker thread: the event loop keeps serving webhooks, and an
    # unknown or locked account takes as long as a real one.
    matches = await asyncio.to_thread(_check_password, checked, password)
    if usable is not None and matches and not locked and await _succeed(db, usable, now):
        return SignIn(usable)
    await _fail(db, client, usable, locked=locked, now=now)
    return SignIn(None, "locked" if locked else "wrong")


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
        if user is None or not user.active or user.session_generation != session.generation:
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
