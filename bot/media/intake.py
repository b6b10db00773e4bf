"""Where a channel hands its downloaded media to the message the engine reads.

The channels download (bot/channels/sms/media.py, bot/channels/telegram/media.py) and check
(bot.media.policy); this joins the result to the InboundMessage: the attachments, the kind the
router reads, and a voice note's transcript when a transcriber gives one.
"""

from __future__ import annotations

from bot.media.speech import Transcriber
from bot.messages import Attachment, InboundMessage

TRANSCRIPT_MAX = 2_000


async def receive(
    inbound: InboundMessage,
    attachments: tuple[Attachment, ...] | list[Attachment],
    transcriber: Transcriber | None = None,
) -> InboundMessage:
    """Attach the files and set the kind: a voice note is `media` (it goes to a person, unless
    its words signal danger); a photo or document with a caption is `text` (the caption is
    understood like any message); files without words are `media`.

    The one place a transcript enters a turn (bot/media/speech.py): appended to the text."""
    inbound.attachments = tuple(attachments)
    if not inbound.attachments:
        return inbound
    voice = [a for a in inbound.attachments if a.ok and a.kind == "audio"]
    if transcriber is not None:
        for note in voice:
            words = await transcriber.transcribe(note.data, note.content_type, inbound.lang_hint)
            if words and words.strip():
                inbound.text = " ".join(p for p in (inbound.text, words.strip()) if p)[
                    :TRANSCRIPT_MAX
                ]
    if voice or not inbound.text.strip():
        inbound.kind = "media"
    elif inbound.kind == "media":
        inbound.kind = "text"
    return inbound
