"""How fast a change made through one process reaches another process's view.

Creates a scratch PostgreSQL database on the given server (dropped at the end), opens two
knowledge bases on it with separate engines (as two bot processes would), follows changes on the
second with `KnowledgeSync`, then makes N changes one after another through the first and times,
for each, from the start of the edit's transaction until the second's view holds it. Prints the
median, 95th percentile and worst. (The times include the second's full refresh, which grows
with the size of the knowledge: see `--facts`.)

    python -m bench.propagation --server postgresql+asyncpg://tally@127.0.0.1:5432/postgres
    python -m bench.propagation --sqlite          # the polling path, for comparison
    python -m bench.propagation --server URL --facts 100000   # a bigger view to rebuild
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from db import writes
from knowledge.model import Fact
from knowledge.store import KnowledgeBase
from knowledge.sync import KnowledgeSync
from knowledge.view import KnowledgeView


async def _admin(server: str, statement: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    from db.notify import asyncpg_dsn

    connection = await asyncpg.connect(asyncpg_dsn(server))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _measure(url: str, changes: int, facts: int, workdir: Path) -> list[float]:
    """Seconds from each edit's start until the other view shows it."""
    writer = await KnowledgeBase.open(url, seed=True)
    reader: KnowledgeBase | None = None
    sync: KnowledgeSync | None = None
    try:
        if facts:
            from bench.synthetic import write_files

            report = await writer.load_files(write_files(workdir, facts), actor="bench")
            print(f"loaded {sum(report.added.values())} synthetic items", file=sys.stderr)
        reader = await KnowledgeBase.open(url)
        seen: dict[int, float] = {}

        def record(view: KnowledgeView) -> None:
            seen.setdefault(view.version, time.perf_counter())

        reader.add_refresh_hook(record)
        sync = KnowledgeSync(reader, application_name="tally-bench")
        await sync.start()
        target: Fact = sorted(writer.view.preferred_facts(), key=lambda f: f.identity)[0]
        latencies: list[float] = []
        for number in range(changes):
            edit = dataclasses.replace(target, value=Decimal(1_000_000 + number))

            async def write(session: AsyncSession, edit: Fact = edit) -> writes.FactChange:
                return await writes.set_fact(session, edit, "bench", edit.version)

            # The write path of KnowledgeBase.set_fact without the writer's own refresh, which
            # another process would do on its own CPU, not on this event loop.
            started = time.perf_counter()
            change = await writer.run(write, commit=True)
            if change.action != "updated" or change.version is None:
                raise RuntimeError(f"change {number} was {change.action}")
            target = dataclasses.replace(edit, version=change.version)
            version = await writer.stored_version()
            await sync.wait_for_version(version, within=60.0)
            arrived = min(at for v, at in seen.items() if v >= version)
            latencies.append(max(0.0, arrived - started))
        print(f"reader: {sync.status().describe()}", file=sys.stderr)
        return latencies
    finally:
        if sync is not None:
            await sync.stop()
        if reader is not None:
            await reader.close()
        await writer.close()


def _report(backend: str, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"{backend}: {len(ordered)} changes, propagation "
        f"median {statistics.median(ordered) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, worst {ordered[-1] * 1000:.1f} ms"
    )


async def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print median and worst propagation times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--server",
        default=os.environ.get("TEST_POSTGRES_URL"),
        help="PostgreSQL server URL; a scratch database is created on it and dropped "
        "(default: TEST_POSTGRES_URL)",
    )
    parser.add_argument("--sqlite", action="store_true", help="measure SQLite polling instead")
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--facts", type=int, default=0, help="synthetic facts to add first")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every refresh")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="tally-propagation-") as tmp:
        workdir = Path(tmp)
        if args.sqlite:
            url = f"sqlite+aiosqlite:///{workdir / 'kb.db'}"
            _report("sqlite (polling)", await _measure(url, args.changes, args.facts, workdir))
            return 0
        if not args.server:
            parser.error("give --server URL (or set TEST_POSTGRES_URL), or --sqlite")
        name = f"tally_bench_{uuid.uuid4().hex[:12]}"
        await _admin(args.server, f'CREATE DATABASE "{name}"')
        try:
            url = make_url(args.server).set(database=name).render_as_string(hide_password=False)
            _report(
                "postgresql (LISTEN/NOTIFY)", await _measure(url, args.changes, args.facts, workdir)
            )
        finally:
            await _admin(args.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
