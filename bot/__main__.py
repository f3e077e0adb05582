"""Tally's command line: `python -m bot COMMAND` (also installed as `tally`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from bot.cli import COMMAND_MODULES, Handler
from bot.settings import Settings
from knowledge.errors import DatabaseUnavailableError, KnowledgeFileError, TallyError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Tally: answers questions about figures, citing its sources.",
    )
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING or ERROR (default: LOG_LEVEL)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def event_loop_factory(command: str | None) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop for the running bot where installed (its I/O costs less per reply), else asyncio's."""
    if command not in (None, "run"):
        return None
    try:
        import uvloop
    except ImportError:  # not on Windows: the standard loop then
        return None
    return uvloop.new_event_loop


def configure_logging(level: str) -> None:
    """Log to standard error, one line an event."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Library chatter drowns our own lines at INFO.
    for noisy in ("alembic", "discord.gateway", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run the command, and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"error: invalid settings: {error}", file=sys.stderr)
        return 2
    # Only a running bot logs its routine at INFO; one-shot commands keep stderr for problems.
    quiet = args.command not in (None, "run") and "log_level" not in settings.model_fields_set
    configure_logging(args.log_level or ("WARNING" if quiet else settings.log_level))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        if args.command is None:
            # No command: run the bot (or the local console without a token).
            args = parser.parse_args(["run", *(argv or [])])
            handler = args.handler
        else:
            parser.print_help()
            return 2
    assert handler is not None
    try:
        with asyncio.Runner(loop_factory=event_loop_factory(args.command)) as runner:
            return runner.run(handler(args, settings))
    except KnowledgeFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 2
    except DatabaseUnavailableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except TallyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
