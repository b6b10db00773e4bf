"""Keeping the catalogues in step with the code: extract the msgids, merge them into the `.po`s.

`python -m bot.i18n update` writes `messages.pot` and merges it
into `es` and `en` (new strings arrive untranslated; tests/console/test_i18n.py fails until the
Spanish one is filled in).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LANGS, LOCALE_DIR

BOT = Path(__file__).resolve().parent.parent
METHODS = [
    ("console/templates/**.html", "jinja2"),
    ("console/**.py", "python"),
    ("i18n/**.py", "python"),
    ("quality/**.py", "python"),
    ("quality/templates/**.html", "jinja2"),
]
OPTIONS = {"console/templates/**.html": {"trimmed": "true"}}
KEYWORDS = {"_": None, "N_": None, "gettext": (2,), "ngettext": ((2, "c"), 3)}


def template() -> Catalog:
    """Every marked string of the console, the group texts and the quality pages."""
    catalog = Catalog(domain=DOMAIN, project="Rumbo", charset="utf-8")
    found = extract_from_dir(
        BOT, METHODS, options_map=OPTIONS, keywords=KEYWORDS, comment_tags=("NOTE:",)
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message, None, [(f"bot/{filename}", lineno)], auto_comments=comments, context=context
        )
    return catalog


def po_path(lang: str) -> Path:
    """Where one language's catalogue lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    """Write messages.pot and merge it into every language."""
    pot = template()
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, pot, width=100)
    for lang in LANGS:
        path = po_path(lang)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="Rumbo")
        catalog.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, ignore_obsolete=True)
