"""The checked knowledge base, kept in the state folder for the next start (issue 19, lean start).

Reading and checking every article and service takes about 0.2 s of `rumbo serve`'s start (and
imports the YAML, Markdown and phone-number code). Once a knowledge base has loaded without
errors, it is written to `var/kb/knowledge.pickle` under a fingerprint of every file below
`knowledge_base/` and of the code that reads it; the next process whose fingerprint matches
reads it back in about 10 ms. Any edit to an article, a service or the loader makes a new
fingerprint, so the knowledge base is read and checked again.

Only what loads without errors is kept, and errors never depend on the date (a passed
`review_by` is a warning, which `rumbo kb check` shows), so a kept copy is as valid as a fresh
read. The file is ours, in the state folder beside the model, and read with the same trust.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from bot.knowledge import models

log = logging.getLogger(__name__)

_FORMAT = b"rumbo-kb-1\n"


def fingerprint(kb_dir: Path) -> bytes:
    """A hash of every file of the knowledge base, by name and content, and of its loader."""
    digest = hashlib.sha256()
    code = Path(models.__file__).parent
    for path in [*sorted(code.glob("*.py")), code.parent / "gsm7.py", code.parent / "yamlio.py"]:
        digest.update(path.read_bytes())
    for path in sorted(p for p in kb_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(kb_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


def cache_path(var_dir: Path) -> Path:
    """Where the checked knowledge base is kept."""
    return var_dir / "kb" / "knowledge.pickle"


def _read(path: Path, expected: bytes) -> models.KnowledgeBase | None:
    try:
        with path.open("rb") as handle:
            if handle.read(len(expected)) != expected:
                return None
            kb = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    return kb if isinstance(kb, models.KnowledgeBase) else None


def _write(path: Path, header: bytes, kb: models.KnowledgeBase) -> None:
    """Atomically: a process starting meanwhile reads the old file or the new one, whole."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-")
        with os.fdopen(handle, "wb") as out:
            out.write(header)
            pickle.dump(kb, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        # A read-only state folder: start without the copy, as before.
        log.warning("knowledge base not kept for the next start", exc_info=True)


def load_checked(kb_dir: Path, var_dir: Path) -> models.KnowledgeBase:
    """The knowledge base below `kb_dir`: the kept copy when nothing changed since it was
    checked, else read and checked now (refusing one with errors) and kept for next time."""
    header = _FORMAT + fingerprint(kb_dir)
    path = cache_path(var_dir)
    kept = _read(path, header)
    if kept is not None:
        return kept
    from bot.knowledge.loader import load_valid_knowledge_base  # YAML, Markdown, phone numbers

    kb = load_valid_knowledge_base(kb_dir)
    _write(path, header, kb)
    return kb
