"""What the sub-commands share: the handler type, the --db option, opening the knowledge base."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeAlias

from bot.settings import Settings
from knowledge.store import KnowledgeBase

Handler = Callable[[argparse.Namespace, Settings], Awaitable[int]]
if TYPE_CHECKING:
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:  # the class is not subscriptable at run time
    Commands = argparse._SubParsersAction


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """The `--db URL` option every command that uses the database takes."""
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: DATABASE_URL, else the embedded SQLite file var/tally.db)",
    )


def database_url(args: argparse.Namespace, settings: Settings) -> str | None:
    """The database URL: --db, then DATABASE_URL, else None for the embedded default."""
    return getattr(args, "db", None) or settings.database_url or None


async def open_knowledge(args: argparse.Namespace, settings: Settings) -> KnowledgeBase:
    """Open the configured knowledge base (the embedded default is seeded on first use)."""
    return await KnowledgeBase.open(database_url(args, settings))
