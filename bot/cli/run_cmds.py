"""Running the bot: `run` (Discord, or the console without a token), `chat`, and `sync`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

import aiohttp
import discord

from bot.cli.common import Commands, add_db_option, open_knowledge
from bot.i18n import text
from bot.settings import Settings

log = logging.getLogger(__name__)


def register(commands: Commands) -> None:
    """Register run, chat and sync."""
    run = commands.add_parser("run", help="connect to Discord (the local console without a token)")
    add_db_option(run)
    run.set_defaults(handler=run_bot)

    chat = commands.add_parser("chat", help="a local console that behaves like a DM with the bot")
    add_db_option(chat)
    chat.add_argument("--lang", choices=("en", "fr"), help="language for questions in neither")
    chat.set_defaults(handler=run_chat)

    sync = commands.add_parser("sync", help="sync the slash commands with Discord, then exit")
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to one guild (instant) only")
    sync.set_defaults(handler=run_sync)


async def run_chat(args: argparse.Namespace, settings: Settings) -> int:
    """The local console over the configured knowledge base."""
    from bot.console import chat

    kb = await open_knowledge(args, settings)
    try:
        return await chat(kb, settings, language=getattr(args, "lang", None))
    finally:
        await kb.close()


async def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    """Connect to Discord with DISCORD_TOKEN; without one, explain and start the console."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(text("en", "how_to_get_token"), file=sys.stderr)
        return await run_chat(args, settings)
    if getattr(args, "db", None):
        settings = settings.model_copy(update={"database_url": args.db})
    return await _connect(settings)


async def _connect(settings: Settings) -> int:
    from bot.client import create_bot
    from bot.discord_endpoints import apply_endpoints

    if settings.shard_ids and not settings.shard_count:
        return _fail("SHARD_IDS needs SHARD_COUNT (the total number of shards).")
    apply_endpoints(settings)
    quiet_discord_client()
    assert settings.discord_token is not None
    bot = create_bot(settings)
    stop_on_sigterm(bot)
    try:
        async with bot:
            await bot.start(settings.discord_token.get_secret_value())
    except discord.LoginFailure:
        return _fail(
            "Discord rejected DISCORD_TOKEN (401 Unauthorized): reset it in the developer portal."
        )
    except discord.PrivilegedIntentsRequired:
        return _fail(
            "Discord refused the connection: the bot asked for an intent it is not allowed."
        )
    except (discord.GatewayNotFound, aiohttp.ClientConnectionError) as error:
        return _fail(f"cannot reach Discord at {settings.discord_api_base}: {type(error).__name__}")
    except discord.ConnectionClosed as error:
        return _fail(f"Discord closed the gateway connection (code {error.code}).")
    log.info("stopped")
    return 0


def stop_on_sigterm(bot: discord.Client) -> None:
    """Close the bot cleanly on SIGTERM (as service managers stop it): the log is flushed."""
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []  # a reference, so the task is not collected

    def stop() -> None:
        log.info("SIGTERM: closing")
        closing.append(loop.create_task(bot.close()))

    with contextlib.suppress(NotImplementedError):  # no signal handlers on some platforms
        loop.add_signal_handler(signal.SIGTERM, stop)


async def run_sync(args: argparse.Namespace, settings: Settings) -> int:
    """Sync the commands over REST only (no gateway connection), then exit."""
    from bot.client import create_bot
    from bot.discord_endpoints import apply_endpoints

    if settings.discord_token is None:
        return _fail("DISCORD_TOKEN is not set; `python -m bot run` explains how to get one.")
    apply_endpoints(settings)
    quiet_discord_client()
    bot = create_bot(settings, commands_only=True)
    try:
        async with bot:
            await bot.login(settings.discord_token.get_secret_value())
            guild = discord.Object(id=args.guild) if args.guild else None
            if guild is not None:
                bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
    except discord.LoginFailure:
        return _fail(
            "Discord rejected DISCORD_TOKEN (401 Unauthorized): reset it in the developer portal."
        )
    where = (
        f"guild {args.guild}"
        if args.guild
        else "every guild and DM (global; may take a while to show)"
    )
    print(f"synced {len(synced)} commands to {where}: {', '.join(sorted(c.name for c in synced))}")
    return 0


class _NoVoiceWarnings(logging.Filter):
    """Drop discord.py's warnings about voice libraries: Tally never uses voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def quiet_discord_client() -> None:
    """Keep discord.py's client logger to what matters (no login chatter, no voice warnings)."""
    client_log = logging.getLogger("discord.client")
    client_log.setLevel(logging.WARNING)
    client_log.addFilter(_NoVoiceWarnings())


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1
