"""Curators' commands: `load`, `check`, `export` and `db upgrade`/`db current`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from bot.cli.common import Commands, add_db_option, database_url, open_knowledge
from bot.settings import Settings
from db.session import DEFAULT_DATABASE_PATH, create_engine, current_revision, describe_url, upgrade
from db.writes import LoadReport
from knowledge import format as knowledge_format
from knowledge.export import to_csv, to_yaml
from knowledge.store import KnowledgeBase

KINDS = ("sources", "groups", "entities", "metrics", "facts")


def register(commands: Commands) -> None:
    """Register load, check, export and db."""
    load = commands.add_parser(
        "load", help="validate knowledge files, then write them in one transaction"
    )
    add_db_option(load)
    load.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="YAML knowledge files or CSV facts"
    )
    load.set_defaults(handler=run_load)

    check = commands.add_parser("check", help="validate knowledge files without writing anything")
    add_db_option(check)
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(handler=run_check)

    export = commands.add_parser("export", help="write the stored knowledge as YAML or CSV")
    add_db_option(export)
    export.add_argument("--format", choices=("yaml", "csv"), default="yaml")
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="default: standard output"
    )
    export.set_defaults(handler=run_export)

    database = commands.add_parser(
        "db", help="database schema: upgrade or show the current revision"
    )
    add_db_option(database)
    database.add_argument("action", choices=("upgrade", "current"))
    database.set_defaults(handler=run_db)


def describe_report(report: LoadReport) -> str:
    """One line per outcome: what a load added, updated and left unchanged."""
    lines = []
    for outcome in ("added", "updated", "unchanged"):
        counts = getattr(report, outcome)
        parts = [f"{counts[kind]} {kind}" for kind in KINDS if counts[kind]]
        lines.append(f"{outcome}: {', '.join(parts) if parts else 'nothing'}")
    return "\n".join(lines)


def _actor(command: str, files: list[Path]) -> str:
    names = ", ".join(path.name for path in files)
    return f"cli:{getpass.getuser()}: {command} {names}"


async def run_load(args: argparse.Namespace, settings: Settings) -> int:
    """Validate every file, then write them all in one transaction."""
    kb = await KnowledgeBase.open(database_url(args, settings), seed=False, build_view=False)
    try:
        report = await kb.load_files(args.files, actor=_actor("load", args.files), refresh=False)
    finally:
        await kb.close()
    print(describe_report(report))
    return 0


async def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate files; refer to keys of the configured database when there is one."""
    url = database_url(args, settings)
    if url is None and not DEFAULT_DATABASE_PATH.exists():
        knowledge = knowledge_format.load_files(args.files)
    else:
        kb = await KnowledgeBase.open(url, seed=False, build_view=False)
        try:
            knowledge = await kb.validate_files(args.files)
        finally:
            await kb.close()
    counts = knowledge.counts()
    print("ok: " + ", ".join(f"{counts[kind]} {kind}" for kind in KINDS))
    return 0


async def run_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write everything stored, in the knowledge file format or as CSV facts."""
    kb = await open_knowledge(args, settings)
    try:
        knowledge = await kb.export()
    finally:
        await kb.close()
    text = to_yaml(knowledge) if args.format == "yaml" else to_csv(knowledge)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"exported {len(knowledge.facts)} facts to {args.output}", file=sys.stderr)
    return 0


async def run_db(args: argparse.Namespace, settings: Settings) -> int:
    """Upgrade the schema to the latest migration, or print the current revision."""
    engine = create_engine(
        database_url(args, settings) or f"sqlite+aiosqlite:///{DEFAULT_DATABASE_PATH}"
    )
    try:
        if args.action == "upgrade":
            await upgrade(engine)
        print(
            f"{describe_url(str(engine.url))}: revision {await current_revision(engine) or 'none'}"
        )
    finally:
        await engine.dispose()
    return 0
