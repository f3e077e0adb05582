"""Sub-commands of `python -m bot`, one module per family; each has `register(commands)`."""

from __future__ import annotations

from types import ModuleType

from bot.cli import ask_cmds, bench_cmds, knowledge_cmds, run_cmds, status_cmds
from bot.cli.common import Handler

__all__ = ["COMMAND_MODULES", "Handler"]

COMMAND_MODULES: tuple[ModuleType, ...] = (
    run_cmds,
    ask_cmds,
    knowledge_cmds,
    status_cmds,
    bench_cmds,
)
