"""`python -m bot.i18n update`: refresh messages.pot and merge it into es and en."""

from __future__ import annotations

import sys

from bot.i18n.catalog import update


def main() -> int:
    """Run the one command."""
    if sys.argv[1:] != ["update"]:
        print("usage: python -m bot.i18n update", file=sys.stderr)
        return 2
    update()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
