"""Console accounts: argon2id password hashes."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from bot.config import Settings
from bot.storage.db import connect
from bot.storage.migrate import upgrade_async
from bot.storage.models import Caseworker

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


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
    """Create (or reset the password of) a console account; returns its id."""
    await upgrade_async(settings.database_url)
    db = connect(settings.database_url)
    try:
        async with db.sessions.begin() as session:
            found = await session.scalar(select(Caseworker).where(Caseworker.email == email))
            if found is None:
                found = Caseworker(
                    email=email.strip().lower(),
                    name=name,
                    role=role,
                    password_hash=hash_password(password),
                )
                session.add(found)
            else:
                found.name, found.role = name, role
                found.password_hash = hash_password(password)
                found.failed_logins, found.locked_until = 0, None
            await session.flush()
            return found.id
    finally:
        await db.dispose()
