"""The seam for speech-to-text. Nothing here can download a speech model yet, so the default
transcriber hears nothing and every voice note goes to a person as it is.

A real transcriber (a local Whisper-style model, a provider's API) implements `Transcriber` and
is set on the runtime (`Runtime.transcriber`). Its transcript enters the turn in one place,
`bot.media.intake.receive`: it is added to the message's text, so the danger detector reads it
like typed words (a voice note that says "me quieren matar" gets the emergency reply and an
urgent ticket), and the caseworker sees it next to the audio. The voice note still goes to a
person: a transcript is a help for reading, not a reason to answer automatically.
"""

from __future__ import annotations

from typing import Protocol


class Transcriber(Protocol):
    """Turns a voice note into text, or None when it cannot."""

    async def transcribe(
        self, audio: bytes, content_type: str, lang_hint: str | None
    ) -> str | None:
        """The words of `audio` (`content_type` as the bytes showed it; `lang_hint` "es" or
        "en" when the channel knows the person's language), or None."""
        ...


class NoTranscriber:
    """The default: no speech model, no transcript."""

    async def transcribe(
        self, audio: bytes, content_type: str, lang_hint: str | None
    ) -> str | None:
        """Always None."""
        return None
