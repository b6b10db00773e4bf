"""The web chat's identity: a random id the server issues, in a signed cookie.

A browser can hold any cookie value, and a value planted by someone else would let them read
the caseworker's replies. So only ids this server signed count; anything else (missing, unsigned,
forged, signed with a retired key) starts a fresh session. The key is derived from
RUMBO_SECRET_KEY for this purpose only; old secrets still verify after a rotation.
"""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, Signer
from starlette.requests import Request
from starlette.responses import Response

from bot.config import Settings
from bot.storage.crypto import derive

COOKIE = "rumbo_chat"
MAX_AGE = 60 * 60 * 24 * 30


def _derive(secret: str) -> bytes:
    return derive(secret, b"web-chat-id")


class ChatIdentity:
    """Issues, signs and verifies web chat session ids."""

    def __init__(self, settings: Settings):
        keys = [_derive(old) for old in settings.old_secret_keys]
        keys.append(_derive(settings.resolved_secret_key()))  # the last key signs
        self._signer = Signer(keys, salt="rumbo-web-chat")
        self.secure = bool(settings.public_url and settings.public_url.startswith("https://"))

    def read(self, request: Request) -> str | None:
        """The session id of a cookie this server signed, else None."""
        raw = request.cookies.get(COOKIE)
        if not raw or len(raw) > 256:
            return None
        try:
            return self._signer.unsign(raw).decode("ascii")
        except (BadSignature, UnicodeDecodeError):
            return None

    @staticmethod
    def new_id() -> str:
        """A fresh, unguessable session id."""
        return secrets.token_urlsafe(18)

    def write(self, response: Response, session_id: str) -> None:
        """The signed cookie: HttpOnly, SameSite=Strict, Secure behind HTTPS."""
        response.set_cookie(
            COOKIE,
            self._signer.sign(session_id).decode("ascii"),
            max_age=MAX_AGE,
            httponly=True,
            samesite="strict",
            secure=self.secure,
        )
