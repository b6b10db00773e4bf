"""What media Rumbo accepts, stated once: the types, the size limit, and how a file is checked.

A file's type is read from its first bytes ("magic bytes"), never taken from the sender's
header alone: a "photo" that is really an HTML page or a script is refused, and the console
serves only the types below, under the type its bytes showed.

| kind     | accepted types (by their bytes)                              |
|----------|--------------------------------------------------------------|
| audio    | audio/ogg (WhatsApp and Telegram voice notes), audio/mpeg,   |
|          | audio/amr, audio/mp4                                         |
| image    | image/jpeg, image/png, image/webp                            |
| document | application/pdf                                              |

At most `MAX_BYTES` (10 MB) per file and `MAX_FILES` per message; larger files are not
downloaded past the limit. Anything else (video, stickers, other documents) gets a kind answer
and the rest of the message is handled as usual.
"""

from __future__ import annotations

from bot.messages import Attachment

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10  # Twilio numbers media parameters 0..9
# The sniffed content type -> the kind the conversation and the console treat it as.
ACCEPTED: dict[str, str] = {
    "audio/ogg": "audio",
    "audio/mpeg": "audio",
    "audio/amr": "audio",
    "audio/mp4": "audio",
    "image/jpeg": "image",
    "image/png": "image",
    "image/webp": "image",
    "application/pdf": "document",
}
TOO_BIG, UNSUPPORTED, UNAVAILABLE = "too_big", "unsupported", "unavailable"


def declared_kind(content_type: str) -> str:
    """The kind a sender's declared type suggests (for an answer about a refused file)."""
    base = content_type.split(";", 1)[0].strip().lower()
    if base in ACCEPTED:
        return ACCEPTED[base]
    if base.startswith("audio/"):
        return "audio"
    if base.startswith("image/"):
        return "image"
    return "other"


def sniff(data: bytes, declared: str = "") -> str | None:
    """The content type the first bytes show, or None when they are none we know.

    MP4 and M4A share one container (`ftyp`): it counts as audio/mp4 when the sender called it
    audio or its brand is an audio one, else it is a video (not accepted)."""
    head = data[:16]
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"#!AMR\n"):
        return "audio/amr"
    if head.startswith(b"ID3") or _mpeg_frame(head):
        return "audio/mpeg"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        audio = brand in (b"M4A ", b"M4B ") or declared.lower().startswith("audio/")
        return "audio/mp4" if audio else "video/mp4"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _mpeg_frame(head: bytes) -> bool:
    # An MPEG audio frame header: 11 sync bits, and a layer that is not "reserved" (00, which
    # is how AAC's ADTS header differs).
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0


def check(data: bytes, declared: str = "") -> Attachment:
    """A downloaded file as an Attachment: accepted with its sniffed type, or refused."""
    if len(data) > MAX_BYTES:
        return refused(declared, TOO_BIG)
    found = sniff(data, declared)
    if found is None or found not in ACCEPTED:
        return refused(declared, UNSUPPORTED)
    return Attachment(kind=ACCEPTED[found], content_type=found, data=bytes(data))


def refused(declared: str, problem: str) -> Attachment:
    """A file that was not received (too big, unsupported, download failed)."""
    return Attachment(kind=declared_kind(declared), problem=problem)


def declared_acceptable(declared: str) -> bool:
    """Whether a declared type is worth downloading (the bytes are checked afterwards)."""
    base = declared.split(";", 1)[0].strip().lower()
    return base in ACCEPTED or base in ("", "application/octet-stream")
