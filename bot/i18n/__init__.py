"""The console's and the caseworkers' group's words in Spanish (first) and English: gettext
catalogues kept as `.po` files under `bot/i18n/locale/`, read directly (no compile step, so a
fresh clone runs as it is).

Source strings (msgids) are English; `es/LC_MESSAGES/messages.po` translates every one of them
and `en/...` keeps them as they are. `python -m bot.i18n update` refreshes the template from the
console's Python modules and templates (Babel) and merges it into both catalogues. The
person-facing texts of the assistant live in bot/dialogue/texts.py.
"""

from __future__ import annotations

import gettext as _gettext
import io
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGS = ("es", "en")
DEFAULT_LANG = "es"
LANG_NAMES = {"es": "Español", "en": "English"}


def N_(message: str) -> str:
    """Mark a string for the catalogue where it is defined; it is translated where shown."""
    return message


def normal_lang(lang: str | None) -> str:
    """A supported language, else Spanish."""
    return lang if lang in LANGS else DEFAULT_LANG


@lru_cache(maxsize=len(LANGS))
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalogue of one language, compiled in memory from its `.po` file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / normal_lang(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=normal_lang(lang))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(lang: str | None, message: str, **values: object) -> str:
    """`message` in `lang`, with `%(name)s` placeholders filled from `values`."""
    translated = translations(normal_lang(lang)).gettext(message)
    return translated % values if values else translated


def ngettext(lang: str | None, singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or plural form for `n`; `%(num)s` is `n`."""
    translated = translations(normal_lang(lang)).ngettext(singular, plural, n)
    return translated % {"num": n, **values}
