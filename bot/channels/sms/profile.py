"""SMS route profiles: what one SMS may hold on the route Rumbo sends through.

- `gsm7` (default): GSM-7 with ñ é ü ¿ ¡ kept, other accents folded; one SMS is at most two
  concatenated segments (306 characters).
- `ascii1`: local Ecuadorian short-code routes (LabsMobile, June 2023): 160 plain ASCII
  characters, no concatenation, no accents, no ñ, no quotation marks, no question or
  exclamation marks. Each SMS is one segment and may arrive out of order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot import gsm7

ProfileName = Literal["gsm7", "ascii1"]


@dataclass(frozen=True, slots=True)
class SmsProfile:
    """The budget and character set of one SMS on a route."""

    name: ProfileName
    budget: int  # units one SMS may hold
    max_segments: int

    def clean(self, text: str) -> str:
        """The text in the route's character set."""
        return gsm7.to_ascii(text) if self.name == "ascii1" else gsm7.strip_to_gsm7(text)

    def units(self, text: str) -> int:
        """Length as the route counts it."""
        return len(text) if self.name == "ascii1" else gsm7.units(text)

    def segments(self, text: str) -> int:
        """Segments this exact text costs."""
        return gsm7.segment_count(text)

    def encoding(self, text: str) -> str:
        """The encoding shown in `rumbo ask --json`."""
        return "ASCII" if self.name == "ascii1" else gsm7.encoding_of(text)

    def fits(self, text: str) -> bool:
        """True when the text is one SMS on this route."""
        return self.units(text) <= self.budget and self.segments(text) <= self.max_segments

    def cut(self, text: str, limit: int) -> tuple[str, str]:
        """Split at a line, sentence or word so that the head fits `limit` units."""
        return gsm7.cut_to_fit(text, limit)


GSM7 = SmsProfile("gsm7", gsm7.capacity(2), 2)
ASCII1 = SmsProfile("ascii1", gsm7.SINGLE_GSM7, 1)
PROFILES: dict[str, SmsProfile] = {"gsm7": GSM7, "ascii1": ASCII1}


def profile(name: str | None) -> SmsProfile:
    """The profile of that name (gsm7 when unset)."""
    return PROFILES.get(name or "gsm7", GSM7)
