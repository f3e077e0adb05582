"""`status`: what the configured database holds, and its knowledge version."""

from __future__ import annotations

import argparse

from bot.cli.common import Commands, add_db_option, open_knowledge
from bot.settings import Settings


def register(commands: Commands) -> None:
    """Register status."""
    status = commands.add_parser("status", help="the knowledge version and counts of the database")
    add_db_option(status)
    status.set_defaults(handler=run_status)


async def run_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print the database, its knowledge version and what it holds."""
    kb = await open_knowledge(args, settings)
    try:
        counts = await kb.counts()
        version = await kb.stored_version()
    finally:
        await kb.close()
    print(f"database: {kb.describe()}")
    print(f"knowledge version: {version}")
    print("holds: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    print(f"view built in {kb.last_refresh_seconds * 1000:.1f} ms")
    return 0
