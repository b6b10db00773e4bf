"""Console accounts: argon2id password hashes, e-mails in lower case, deactivation."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from bot.config import Settings
from bot.storage.db import connect
from bot.storage.migrate import upgrade_async
from bot.storage.models import Caseworker

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# One @, no spaces, a dot in the domain: enough to catch typos, not a full RFC 5322 parser.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")


class AccountError(Exception):
    """An account operation that cannot be done; the message is safe to print."""


def normalise_email(email: str) -> str:
    """The form e-mails are stored and looked up in."""
    return email.strip().lower()


def valid_email(email: str) -> bool:
    """True for a plausible e-mail address (already normalised)."""
    return len(email) <= 255 and _EMAIL.fullmatch(email) is not None


def hash_password(password: str) -> str:
    """An argon2id hash."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches (constant time inside argon2)."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def create_caseworker(
    settings: Settings, *, email: str, name: str, role: str, password: str
) -> int:
    """Create a console account; returns its id. An existing e-mail (in any case) is refused."""
    email = normalise_email(email)
    if not valid_email(email):
        raise AccountError(f"not a valid e-mail address: {email!r}")
    await upgrade_async(settings.database_url)
    db = connect(settings.database_url)
    try:
        async with db.sessions.begin() as session:
            if await session.scalar(select(Caseworker.id).where(Caseworker.email == email)):
                raise AccountError(f"an account for {email} exists already")
            account = Caseworker(
                email=email, name=name, role=role, password_hash=hash_password(password)
            )
            session.add(account)
            await session.flush()
            return account.id
    finally:
        await db.dispose()


async def deactivate_caseworker(settings: Settings, *, email: str) -> int:
    """End an account's access at once: inactive, and every session cookie of it invalid.
    Its audit trail stays (the entry for this goes in it too)."""
    from bot.handoff import audit  # the audit module imports nothing of ours; kept local

    email = normalise_email(email)
    await upgrade_async(settings.database_url)
    db = connect(settings.database_url)
    try:
        async with db.sessions.begin() as session:
            account_id: int | None = await session.scalar(
                update(Caseworker)
                .where(Caseworker.email == email)
                .values(active=False, session_generation=Caseworker.session_generation + 1)
                .returning(Caseworker.id)
            )
            if account_id is None:
                raise AccountError(f"no account for {email}")
            await audit.record(session, account_id, "deactivated", detail="rumbo caseworker")
            return account_id
    finally:
        await db.dispose()
