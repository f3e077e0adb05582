"""`python -m bot bench`: the performance benchmark (synthetic knowledge, timings, SQL floor)."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.common import Commands
from bot.settings import Settings


def register(commands: Commands) -> None:
    """Register `bench`."""
    from bench.run import add_arguments

    bench = commands.add_parser(
        "bench",
        help="benchmark answers at several sizes of synthetic knowledge (docs/performance.md)",
    )
    bench.add_argument(
        "--db",
        metavar="URL",
        help="an EMPTY database to load into, one size only (default: a SQLite file per size "
        "in a temporary folder; DATABASE_URL is never used)",
    )
    add_arguments(bench)
    bench.set_defaults(handler=run_bench)


async def run_bench(args: argparse.Namespace, settings: Settings) -> int:
    """Run the benchmark in child processes (one per size and step) and print the tables."""
    from bench.run import execute

    # The benchmark's own database is --db only: DATABASE_URL is the bot's, never wiped by it.
    return await asyncio.to_thread(execute, args)
