"""Shared by the end-to-end tests: seed a database, start `python -m bot run` against the double."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.discord_double import (
    EVERYONE_PERMISSIONS,
    MANAGE_GUILD,
    BotProcess,
    Channel,
    DiscordDouble,
    Guild,
    InteractionRecord,
    Reply,
    User,
    subprocess_bot,
)

REPO = Path(__file__).resolve().parents[2]
DEADLINE = 3.0
START_TIMEOUT = 30.0


def python_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a `python -m bot` subprocess: the repository importable, no .env."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    for name in (
        "DISCORD_TOKEN",
        "DATABASE_URL",
        "DEV_GUILD_ID",
        "SHARD_COUNT",
        "SHARD_IDS",
        "OWNER_IDS",
    ):
        env.pop(name, None)
    env.update(extra or {})
    return env


async def run_cli(*args: str, cwd: Path, env: Mapping[str, str] | None = None,
                  stdin: bytes | None = None, within: float = 60.0) -> tuple[int, str, str]:  # fmt: skip
    """Run `python -m bot ARGS`; return its status, standard output and standard error."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=python_env(env),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(stdin), within)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def seeded_database(directory: Path) -> str:
    """A fresh SQLite database in `directory`, loaded with the shipped knowledge files."""
    url = f"sqlite+aiosqlite:///{directory / 'tally.db'}"
    files = sorted(str(p) for p in (REPO / "knowledge" / "data").glob("*.yaml"))
    status, out, err = await run_cli("load", "--db", url, *files, cwd=directory)
    assert status == 0, out + err
    return url


@dataclass
class World:
    """The double, the people and places of a test module, and the bot process."""

    double: DiscordDouble
    guild: Guild
    channel: Channel
    admin: User
    member: User
    database_url: str
    directory: Path
    process: BotProcess | None = None

    async def person(self, name: str, *, locale: str = "en-US", manage: bool = False) -> User:
        """A new user who is a member of the guild (a fresh cooldown, a fresh conversation)."""
        user = await self.double.create_user(name, locale=locale)
        permissions = EVERYONE_PERMISSIONS | (MANAGE_GUILD if manage else 0)
        await self.double.add_member(self.guild, user, permissions=permissions)
        return user

    async def ask(self, user: User, name: str, options: dict[str, object] | None = None, *,
                  channel: Guild | Channel | None = None, locale: str | None = None) -> Reply:  # fmt: skip
        """Run a slash command and return its first reply, checked to be within 3 seconds."""
        interaction = await self.double.send_slash_command(user, name, options or {},
                                                           channel=channel, locale=locale)  # fmt: skip
        reply = await self.double.wait_for_reply(interaction, timeout=DEADLINE + 2)
        assert reply.latency is not None and reply.latency < DEADLINE, self.output()
        return reply

    async def final(self, interaction: InteractionRecord, *, within: float = 10.0) -> Reply:
        """The reply that carries content: the callback, or the follow-up after a deferral."""
        first = await self.double.wait_for_reply(interaction, timeout=DEADLINE + 2)
        assert first.latency is not None and first.latency < DEADLINE
        if first.callback_type != 5:
            return first
        return await self.double.wait_for_reply(interaction, timeout=within,
                                                kind=("followup", "edit_original"))  # fmt: skip

    def output(self) -> str:
        """What the bot process wrote (for assertion messages)."""
        return self.process.output() if self.process else ""


async def make_world(
    double: DiscordDouble, directory: Path, *, guild_locale: str = "en-US"
) -> World:
    """A guild with a channel, an admin (Manage Server), a plain member, and a seeded database."""
    url = await seeded_database(directory)
    admin = await double.create_user("admin")
    guild = await double.create_guild("Figures", owner=admin, locale=guild_locale)
    # Discord counts the owner's permissions as all; the double sends what it is given.
    await double.add_member(guild, admin, permissions=EVERYONE_PERMISSIONS | MANAGE_GUILD)
    member = await double.create_user("member")
    await double.add_member(guild, member, permissions=EVERYONE_PERMISSIONS)
    return World(double, guild, guild.text_channels[0], admin, member, url, directory)


def bot_env(world: World, **extra: str) -> dict[str, str]:
    """The environment of the bot process: the double, the database, fast start-up."""
    env = {
        **world.double.bot_env(),
        "DATABASE_URL": world.database_url,
        "GUILD_READY_TIMEOUT": "0.1",
        "IDENTIFY_DELAY_SECONDS": "0",
        "QUESTION_COOLDOWN_SECONDS": "30",
        "QUESTIONS_PER_COOLDOWN": "4",
        "LOG_LEVEL": "INFO",
        "QUESTION_LOG_SALT": "e2e-salt",
    }
    env.update(extra)
    return python_env(env)


@contextlib.asynccontextmanager
async def running_bot(world: World, **extra: str) -> AsyncIterator[BotProcess]:
    """`python -m bot run` against the double until the block ends; its output on failure."""
    env = bot_env(world, **extra)
    async with subprocess_bot(
        world.double, "-m", "bot", "run", env=env, cwd=world.directory
    ) as proc:
        world.process = proc
        try:
            await world.double.wait_for_ready(timeout=START_TIMEOUT)
            yield proc
        except BaseException:
            sys.stderr.write(proc.output())
            raise
        finally:
            world.process = None


def no_pings(reply: Reply) -> bool:
    """True when a message can ping no one: empty allowed mentions, no replied-user ping."""
    allowed = reply.allowed_mentions
    return allowed is not None and allowed.get("parse") == [] and not allowed.get("users") \
        and not allowed.get("roles") and not allowed.get("replied_user")  # fmt: skip


def embed_text(reply: Reply) -> str:
    """Everything a reply's embeds say, as one string."""
    parts: list[str] = [reply.content or ""]
    for embed in reply.embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(p for p in parts if p)
