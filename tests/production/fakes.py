"""Both providers at once for the multi-process runs: the channel tests' fake Bot API server and
fake Twilio REST server, on 127.0.0.1, with one view of what was sent.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.channels.sms.fake_twilio import FakeTwilio
from tests.channels.telegram.fake_bot_api import FakeBotApi


class ProviderFakes:
    """A fake Telegram Bot API and a fake Twilio REST API, recording every message sent."""

    def __init__(self) -> None:
        self.telegram = FakeBotApi()
        self.twilio = FakeTwilio()

    def report_deliveries(self, auth_token: str, bases: Callable[[], list[str]]) -> None:
        """Have the fake Twilio post signed status reports to the app processes, as Twilio posts
        them to the public URL in front of them."""
        self.twilio.callbacks = (auth_token, bases)

    @property
    def telegram_url(self) -> str:
        """RUMBO_TELEGRAM_API_URL for the app processes."""
        return self.telegram.base_url

    @property
    def telegram_token(self) -> str:
        """The bot token the fake accepts."""
        return self.telegram.token

    @property
    def twilio_url(self) -> str:
        """RUMBO_TWILIO_API_URL for the app processes."""
        return self.twilio.url

    async def start(self) -> None:
        """Start both servers on free ports."""
        await self.telegram.start()
        await self.twilio.start()

    async def stop(self) -> None:
        """Stop both servers."""
        await self.telegram.stop()
        await self.twilio.stop()

    def received(self) -> list[tuple[str, str, str]]:
        """(channel, address, text) of every message sent, in arrival order per channel."""
        telegram = [
            ("telegram", str(params.get("chat_id", "")), str(params.get("text", "")))
            for params in self.telegram.sent("sendMessage")
        ]
        sms = [("sms", c.form.get("To", ""), c.form.get("Body", "")) for c in self.twilio.sent]
        return telegram + sms

    def total(self) -> int:
        """How many messages were sent so far (both channels)."""
        return len(self.telegram.sent("sendMessage")) + len(self.twilio.sent)
