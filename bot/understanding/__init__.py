"""Natural-language understanding behind one async `parse()`: embedded (default) or Rasa."""

from bot.understanding.base import Intent, ParseResult, Understanding

__all__ = ["Intent", "ParseResult", "Understanding"]
