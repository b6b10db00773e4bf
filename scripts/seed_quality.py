"""Seed synthetic conversations so the console's quality page ("Calidad") shows real figures.

    RUMBO_DATABASE_URL=sqlite+aiosqlite:///var/demo.db python scripts/seed_quality.py [PEOPLE]

Synthetic data only (made-up numbers and names): never point it at a real deployment.
"""

from __future__ import annotations

import asyncio
import sys

from bot.config import Settings
from bot.quality.demo import seed
from bot.runtime import build_runtime
from bot.storage.migrate import upgrade_async


async def main(people: int) -> None:
    """Migrate, seed, print what was done."""
    settings = Settings()
    await upgrade_async(settings.database_url)
    runtime = build_runtime(settings)
    try:
        done = await seed(runtime, people=people)
    finally:
        await runtime.close()
    print(
        f"{done.people} people, {done.turns} turns, {done.ratings} ratings, "
        f"{done.tickets} tickets seeded"
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 60))
