"""The console's script mirrors bot/gsm7.py, so the live counter shows the real SMS cost."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot import gsm7

SCRIPT = Path(__file__).resolve().parents[2] / "bot" / "console" / "static" / "console.js"


def tables() -> tuple[set[str], set[str], dict[str, str]]:
    source = SCRIPT.read_text()
    block = source.split("/* gsm7-tables:start */")[1].split("/* gsm7-tables:end */")[0]
    basic = re.search(r"GSM7_BASIC = new Set\(Array\.from\((\".*?\")\)\);", block)
    ext = re.search(r"GSM7_EXTENSION = new Set\(Array\.from\((\".*?\")\)\);", block)
    table = re.search(r"TRANSLITERATION = (\{.*?\});", block, re.S)
    assert basic and ext and table
    return (
        set(json.loads(basic.group(1))),
        set(json.loads(ext.group(1))),
        json.loads(table.group(1)),
    )


def test_gsm7_tables_match_the_python_module() -> None:
    basic, ext, table = tables()
    assert basic == set(gsm7.GSM7_BASIC)
    assert ext == set(gsm7.GSM7_EXTENSION)
    assert table == gsm7._TRANSLITERATION


def test_no_remote_script_or_style() -> None:
    templates = SCRIPT.parents[1] / "templates"
    for page in templates.glob("*.html"):
        text = page.read_text()
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, page
