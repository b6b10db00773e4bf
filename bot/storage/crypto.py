"""Protecting identifiers at rest: a keyed hash for look-ups and versioned encryption.

Keys are derived from `RUMBO_SECRET_KEY` with HKDF. Ciphertexts carry the key version, so a new
secret can be introduced while old data stays readable (old secrets in RUMBO_OLD_SECRET_KEYS).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derive(secret: str, purpose: bytes) -> bytes:
    """A 32-byte key for one purpose, derived from the secret (HKDF-SHA256): each use of
    RUMBO_SECRET_KEY (encryption, lookups, cookies) gets its own key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"rumbo-v1", info=purpose).derive(
        secret.encode()
    )


def key_id(secret: str) -> str:
    """A short, non-secret name for a secret (first 8 hex of a derived value)."""
    return derive(secret, b"key-id").hex()[:8]


class Protector:
    """Hashes and encrypts channel addresses with keys derived from the secret key."""

    def __init__(self, secret: str, old_secrets: list[str] | None = None):
        self._hash_key = derive(secret, b"lookup-hash")
        self._current = key_id(secret)
        self._fernets = {self._current: Fernet(base64.urlsafe_b64encode(derive(secret, b"enc")))}
        self._old_hash_keys = []
        for old in old_secrets or []:
            self._fernets[key_id(old)] = Fernet(base64.urlsafe_b64encode(derive(old, b"enc")))
            self._old_hash_keys.append(derive(old, b"lookup-hash"))

    def lookup_hash(self, channel: str, address: str) -> str:
        """Deterministic keyed hash used to find a contact without storing the address."""
        return hmac.new(self._hash_key, f"{channel}:{address}".encode(), hashlib.sha256).hexdigest()

    def old_lookup_hashes(self, channel: str, address: str) -> list[str]:
        """Hashes under previous secrets, to find contacts created before a rotation."""
        msg = f"{channel}:{address}".encode()
        return [hmac.new(k, msg, hashlib.sha256).hexdigest() for k in self._old_hash_keys]

    def encrypt(self, value: str) -> str:
        """`<key id>:<fernet token>`."""
        return f"{self._current}:{self._fernets[self._current].encrypt(value.encode()).decode()}"

    def decrypt(self, value: str) -> str:
        """Decrypt with whichever known key the value names."""
        kid, _, token = value.partition(":")
        fernet = self._fernets.get(kid)
        if fernet is None:
            raise KeyError(f"no key {kid} for this ciphertext")
        try:
            return fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise KeyError("ciphertext does not match its key") from exc

    def encrypt_bytes(self, data: bytes) -> bytes:
        """Bytes (a voice note, a photo) as `<key id>:<fernet token>`, in ASCII bytes."""
        return self._current.encode() + b":" + self._fernets[self._current].encrypt(data)

    def decrypt_bytes(self, value: bytes) -> bytes:
        """The bytes `encrypt_bytes` sealed, with whichever known key they name."""
        kid, _, token = bytes(value).partition(b":")
        fernet = self._fernets.get(kid.decode("ascii", "replace"))
        if fernet is None:
            raise KeyError("no key for this ciphertext")
        try:
            return fernet.decrypt(token)
        except InvalidToken as exc:
            raise KeyError("ciphertext does not match its key") from exc

    def needs_rotation(self, value: str) -> bool:
        """True when a ciphertext was made with an old key."""
        return not value.startswith(f"{self._current}:")
