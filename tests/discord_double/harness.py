"""Point discord.py at the double, and run a client (in-process or as a subprocess) against it."""

# The API takes timeout= on purpose (like asyncio.wait_for).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from .server import DiscordDouble

ClientT = TypeVar("ClientT", bound=discord.Client)


def point_discord_at(api_base: str, gateway_url: str) -> Callable[[], None]:
    """Set ``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``; return a function undoing it."""
    old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)

    def restore() -> None:
        Route.BASE = old_base
        DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    return restore


@contextlib.contextmanager
def pointed_at(double: DiscordDouble) -> Iterator[None]:
    """Point discord.py at ``double`` for the duration of the block."""
    restore = point_discord_at(double.api_base, double.gateway_url)
    try:
        yield
    finally:
        restore()


@contextlib.asynccontextmanager
async def running(
    client: ClientT, double: DiscordDouble, *, token: str | None = None, ready_timeout: float = 5.0
) -> AsyncIterator[ClientT]:
    """Log ``client`` in to ``double``, wait for on_ready, yield it, then close it cleanly.

    Login errors (e.g. ``discord.LoginFailure``) propagate from entering the block.
    """
    with pointed_at(double):
        task: asyncio.Task[None] | None = None
        try:
            await client.login(token if token is not None else double.token)
            task = asyncio.create_task(client.connect(), name="double-client-connect")
            ready = asyncio.create_task(client.wait_until_ready())
            done, _ = await asyncio.wait(
                {task, ready}, timeout=ready_timeout, return_when="FIRST_COMPLETED"
            )
            if ready not in done:
                ready.cancel()
                if task in done:
                    task.result()
                raise TimeoutError(f"client not ready within {ready_timeout}s")
            yield client
        finally:
            await client.close()
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
                    await asyncio.wait_for(task, 5.0)


class BotProcess:
    """A bot running as a subprocess against the double; output goes to ``log_path``."""

    def __init__(self, process: asyncio.subprocess.Process, log_path: Path) -> None:
        self.process = process
        self.log_path = log_path

    def output(self) -> str:
        """Return everything the process wrote to stdout/stderr so far."""
        return self.log_path.read_text(errors="replace")

    async def stop(self, timeout: float = 5.0) -> int:
        """Send SIGTERM (then SIGKILL after ``timeout``) and return the exit code."""
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
                await self.process.wait()
        assert self.process.returncode is not None
        return self.process.returncode


@contextlib.asynccontextmanager
async def subprocess_bot(
    double: DiscordDouble,
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> AsyncIterator[BotProcess]:
    """Run ``python *args`` (e.g. ``"-m", "bot", "run"``) with the double's DISCORD_* env vars."""
    full_env = {**os.environ, **double.bot_env(), **(env or {})}
    sink, name = tempfile.mkstemp(prefix="double-bot-", suffix=".log")
    log = Path(name)
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable, *args, env=full_env, cwd=cwd, stdout=sink, stderr=sink
        )
    finally:
        os.close(sink)
    bot = BotProcess(process, log)
    try:
        yield bot
    except BaseException:
        await bot.stop()
        sys.stderr.write(f"subprocess bot output kept at {log}\n")
        raise
    await bot.stop()
    await asyncio.to_thread(log.unlink, missing_ok=True)
