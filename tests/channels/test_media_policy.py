"""What media is accepted (bot/media/policy.py): types by their first bytes, the size limit, the
Twilio media URLs Rumbo fetches, and how a file joins the message (bot/media/intake.py)."""

from __future__ import annotations

import pytest

from bot.channels.sms.media import media_path
from bot.media import intake, policy
from bot.messages import Attachment, InboundMessage
from tests import media_samples as samples

ACCOUNT = "AC0123456789abcdef0123456789abcdef"
MEDIA = f"/2010-04-01/Accounts/{ACCOUNT}/Messages/MM{'0' * 30}01/Media/ME{'0' * 30}01"


@pytest.mark.parametrize(
    ("data", "declared", "kind", "content_type"),
    [
        (samples.ogg_voice(), "audio/ogg", "audio", "audio/ogg"),
        (b"ID3\x04\x00" + bytes(200), "audio/mpeg", "audio", "audio/mpeg"),
        (b"\xff\xfb\x90\x00" + bytes(200), "audio/mpeg", "audio", "audio/mpeg"),
        (b"#!AMR\n" + bytes(200), "audio/amr", "audio", "audio/amr"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + bytes(64), "", "audio", "audio/mp4"),
        (samples.jpeg(), "image/jpeg", "image", "image/jpeg"),
        (samples.png(), "image/png", "image", "image/png"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 " + bytes(64), "image/webp", "image", "image/webp"),
        (samples.pdf(), "application/pdf", "document", "application/pdf"),
        # the bytes decide, not the header: a PNG sent as "image/jpeg" is stored as a PNG
        (samples.png(), "image/jpeg", "image", "image/png"),
    ],
)
def test_accepted_types_are_read_from_their_bytes(
    data: bytes, declared: str, kind: str, content_type: str
) -> None:
    checked = policy.check(data, declared)
    assert checked.ok and checked.kind == kind and checked.content_type == content_type
    assert checked.data == data


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (samples.html_as_jpeg(), "image/jpeg"),  # a forged "photo"
        (samples.mp4_video(), "video/mp4"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        (b"\xff\xf1\x50\x80" + bytes(64), "audio/aac"),  # AAC's ADTS header is not MPEG audio
        (b"", "audio/ogg"),
    ],
)
def test_other_bytes_are_refused_as_unsupported(data: bytes, declared: str) -> None:
    checked = policy.check(data, declared)
    assert not checked.ok and checked.problem == policy.UNSUPPORTED and checked.data == b""


def test_more_than_ten_megabytes_is_too_big() -> None:
    assert policy.MAX_BYTES == 10 * 1024 * 1024
    assert policy.check(samples.ogg_voice(policy.MAX_BYTES), "audio/ogg").ok
    too_big = policy.check(samples.ogg_voice(policy.MAX_BYTES + 1), "audio/ogg")
    assert too_big.problem == policy.TOO_BIG and too_big.kind == "audio"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        (f"https://api.twilio.com{MEDIA}", True),
        (f"http://api.twilio.com{MEDIA}", False),  # not HTTPS
        (f"https://evil.example{MEDIA}", False),  # another host
        (f"https://api.twilio.com.evil.example{MEDIA}", False),
        (f"https://api.twilio.com{MEDIA.replace(ACCOUNT, 'AC' + 'f' * 32)}", False),
        (f"https://api.twilio.com{MEDIA}?x=1", False),
        (f"https://api.twilio.com{MEDIA}/../../Messages.json", False),
        ("https://127.0.0.1:8000/internal", False),
        ("", False),
    ],
)
def test_only_this_accounts_twilio_media_urls_are_fetched(url: str, ok: bool) -> None:
    assert (media_path(url, ACCOUNT) == MEDIA) is ok


async def test_a_voice_note_is_media_and_a_captioned_photo_is_text() -> None:
    voice = policy.check(samples.ogg_voice(), "audio/ogg")
    photo = policy.check(samples.jpeg(), "image/jpeg")
    said = await intake.receive(InboundMessage("whatsapp", "u", text="", kind="text"), [voice])
    assert said.kind == "media" and said.attachments == (voice,)
    captioned = InboundMessage("telegram", "u", text="mi contrato", kind="media")
    assert (await intake.receive(captioned, [photo])).kind == "text"
    bare = InboundMessage("telegram", "u", text="", kind="media")
    assert (await intake.receive(bare, [photo])).kind == "media"
    refused = InboundMessage("whatsapp", "u", text="hola", kind="text")
    received = await intake.receive(refused, [policy.refused("video/mp4", policy.UNSUPPORTED)])
    assert received.kind == "text" and not received.attachments[0].ok


class WordsTranscriber:
    """A stand-in speech model: the Transcriber protocol, with fixed words."""

    def __init__(self, words: str | None) -> None:
        self.words = words
        self.heard: list[tuple[int, str, str | None]] = []

    async def transcribe(
        self, audio: bytes, content_type: str, lang_hint: str | None
    ) -> str | None:
        self.heard.append((len(audio), content_type, lang_hint))
        return self.words


async def test_a_transcript_enters_the_turn_as_words_and_the_note_stays_media() -> None:
    voice = policy.check(samples.ogg_voice(1234), "audio/ogg")
    hearing = WordsTranscriber("necesito ayuda con mi visa")
    inbound = InboundMessage("telegram", "u", text="", kind="media", lang_hint="es")
    await intake.receive(inbound, [voice], hearing)
    assert hearing.heard == [(1234, "audio/ogg", "es")]
    assert inbound.text == "necesito ayuda con mi visa" and inbound.kind == "media"
    silent = InboundMessage("telegram", "u", text="", kind="media")
    await intake.receive(silent, [voice], WordsTranscriber(None))
    assert silent.text == ""


def test_an_attachment_without_bytes_is_not_ok() -> None:
    assert not Attachment("audio", "audio/ogg", b"").ok
    assert Attachment("audio", "audio/ogg", b"OggS").ok


def test_media_bytes_are_sealed_and_readable_after_a_key_rotation() -> None:
    from bot.storage.crypto import Protector

    data = samples.ogg_voice(2048)
    old = Protector("old-secret-0123456789abcdef0123456789")
    sealed = old.encrypt_bytes(data)
    assert data[:32] not in sealed
    rotated = Protector(
        "new-secret-0123456789abcdef0123456789", ["old-secret-0123456789abcdef0123456789"]
    )
    assert rotated.decrypt_bytes(sealed) == data
    with pytest.raises(KeyError):
        Protector("another-secret-0123456789abcdef01234567").decrypt_bytes(sealed)
