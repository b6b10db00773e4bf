"""Synthetic files for the media tests: each starts with its format's real signature (the
"magic bytes" bot.media.policy reads), then deterministic filler. Nothing here was recorded
from a person."""

from __future__ import annotations

import struct
import zlib


def _filler(size: int, seed: int) -> bytes:
    return bytes((seed + i * 31) % 251 for i in range(max(size, 0)))


def ogg_voice(size: int = 6000) -> bytes:
    """An Ogg page header (capture pattern `OggS`, version 0, "beginning of stream")."""
    return b"OggS\x00\x02" + _filler(size - 6, 3)


def jpeg(size: int = 5000) -> bytes:
    """A JPEG: SOI, a JFIF APP0 segment, filler, EOI."""
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return head + _filler(size - len(head) - 2, 7) + b"\xff\xd9"


def png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    """A minimal PDF (header and trailer)."""
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def mp4_video(size: int = 4000) -> bytes:
    """An ISO media file whose brand is a video one (`isom`)."""
    return b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00" + _filler(size - 16, 11)


def html_as_jpeg() -> bytes:
    """What a forged "photo" might really be."""
    return b"<!doctype html><script>alert(1)</script>"
