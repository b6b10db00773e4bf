"""Fetching a Twilio message's media (WhatsApp voice notes and photos, MMS): `MediaUrl{N}` with
the account's credentials (HTTP Basic auth), as Twilio documents for media URLs
(https://www.twilio.com/docs/messaging/api/media-resource, "HTTP Basic Auth on media URLs").

Only a URL that names a media resource of this account on api.twilio.com is fetched, and always
from the configured API base (RUMBO_TWILIO_API_URL; tests: the fake on 127.0.0.1): a forged
form cannot make Rumbo fetch an address of its choosing or send the credentials elsewhere.
Twilio answers with a redirect to a short-lived copy of the file; httpx drops the credentials
when a redirect leaves Twilio's host. Each file is size-limited while it downloads and checked
by its first bytes (bot.media.policy). A file that cannot be fetched is reported, never raised:
the words of the message still get their turn.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import httpx

from bot.channels.sms.provider import InboundSms
from bot.config import Settings
from bot.media import policy
from bot.messages import Attachment

log = logging.getLogger(__name__)

TWILIO_HOST = "api.twilio.com"
MEDIA_PATH = re.compile(
    r"^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages/[MS]M[0-9a-fA-F]{32}/Media/"
    r"ME[0-9a-fA-F]{32}$"
)
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
MAX_REDIRECTS = 3


def media_path(url: str, account_sid: str) -> str | None:
    """The path of a media resource of this account on api.twilio.com, or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme != "https" or parts.hostname != TWILIO_HOST or parts.query:
        return None
    found = MEDIA_PATH.match(parts.path)
    if found is None or found.group(1) != account_sid:
        return None
    return parts.path


class TwilioMedia:
    """Downloads the media of one Twilio account."""

    def __init__(self, *, account_sid: str, auth_token: str, api_url: str) -> None:
        self.account_sid = account_sid
        self.auth = httpx.BasicAuth(account_sid, auth_token)
        self.base = api_url.rstrip("/")

    async def fetch_all(self, sms: InboundSms) -> list[Attachment]:
        """Every file of a message, in order (at most policy.MAX_FILES)."""
        found: list[Attachment] = []
        async with httpx.AsyncClient(
            auth=self.auth,
            timeout=TIMEOUT,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
        ) as client:
            for index in range(min(sms.media, policy.MAX_FILES)):
                url = sms.media_urls[index] if index < len(sms.media_urls) else ""
                declared = sms.media_types[index] if index < len(sms.media_types) else ""
                found.append(await self.fetch(client, url, declared))
        return found

    async def fetch(self, client: httpx.AsyncClient, url: str, declared: str) -> Attachment:
        """One file, checked; refused (with why) when it is not one we take."""
        if not policy.declared_acceptable(declared):
            return policy.refused(declared, policy.UNSUPPORTED)
        path = media_path(url, self.account_sid)
        if path is None:
            log.warning("media URL is not this account's Twilio media")
            return policy.refused(declared, policy.UNAVAILABLE)
        try:
            async with client.stream("GET", self.base + path) as response:
                if response.status_code != 200:
                    log.warning("media download refused", extra={"status": response.status_code})
                    return policy.refused(declared, policy.UNAVAILABLE)
                if _declared_length(response) > policy.MAX_BYTES:
                    return policy.refused(declared, policy.TOO_BIG)
                data = bytearray()
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > policy.MAX_BYTES:
                        return policy.refused(declared, policy.TOO_BIG)
        except httpx.HTTPError as exc:
            # Only the type: httpx's messages quote the URL, which names the account.
            log.warning("media download failed", extra={"error": type(exc).__name__})
            return policy.refused(declared, policy.UNAVAILABLE)
        return policy.check(bytes(data), declared)


def _declared_length(response: httpx.Response) -> int:
    value = response.headers.get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else 0


async def download(settings: Settings, sms: InboundSms) -> list[Attachment]:
    """The files of an inbound Twilio message, with the configured account."""
    if not sms.media:
        return []
    if not (settings.twilio_account_sid and settings.twilio_auth_token):
        return [policy.refused(t, policy.UNAVAILABLE) for t in sms.media_types]
    fetcher = TwilioMedia(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token,
        api_url=settings.twilio_api_url,
    )
    return await fetcher.fetch_all(sms)
