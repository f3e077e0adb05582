"""End to end on PostgreSQL: the database goes away; the bot keeps answering and stays up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.bot.e2e_support import REPO, World, embed_text, make_world, run_cli, running_bot
from tests.conftest import _admin, drop_postgres_database, fresh_postgres_database, postgres_or_skip
from tests.discord_double import DiscordDouble, User

pytestmark = [pytest.mark.discord, pytest.mark.postgres, pytest.mark.timeout(180)]

SEED = sorted(str(p) for p in (REPO / "knowledge" / "data").glob("*.yaml"))
EDIT = {"entity": "microsoft", "metric": "hopper-gpus", "period": "2024", "value": "500000",
        "source": "seed-article"}  # fmt: skip


async def kb_set(world: World, user: User) -> str:
    """Run `/kb set` (the edit above) and return what its ephemeral reply says."""
    interaction = await world.double.send_slash_command(user, "kb set", EDIT, channel=world.guild)
    reply = await world.final(interaction, within=20)
    assert reply.ephemeral
    return embed_text(reply)


async def set_connections(name: str, allowed: bool) -> None:
    """Let clients into a database again, or lock them out and cut those connected."""
    server = postgres_or_skip()
    await _admin(server, f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}')
    if not allowed:
        await _admin(server, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")  # fmt: skip


async def test_an_outage_keeps_answers_and_gives_a_clear_message(tmp_path: Path) -> None:
    url, name = await fresh_postgres_database()
    try:
        status, out, err = await run_cli("load", "--db", url, *SEED, cwd=tmp_path)
        assert status == 0, out + err
        async with DiscordDouble() as double:
            world = await make_world(double, tmp_path)
            world.database_url = url
            status, _out, err = await run_cli("sync", cwd=tmp_path, env=double.bot_env())
            assert status == 0, err
            async with running_bot(world, QUESTION_COOLDOWN_SECONDS="0") as bot:
                question = {"question": "who bought the most Hopper chips?"}
                await set_connections(name, allowed=False)
                # answers come from the in-memory view: the outage does not touch them
                reply = await world.ask(world.member, "ask", question, channel=world.guild)
                assert "485,000" in embed_text(reply)
                said = await kb_set(world, world.admin)
                assert "unavailable right now" in said, world.output()
                assert bot.process.returncode is None, "the bot must stay up"

                await set_connections(name, allowed=True)
                for _ in range(20):  # the pool reconnects on the next use
                    said = await kb_set(world, world.admin)
                    if "unavailable" not in said:
                        break
                    await asyncio.sleep(0.5)
                assert "500,000" in said, said
                reply = await world.ask(world.member, "ask", question, channel=world.guild)
                assert "500,000" in embed_text(reply)
            assert double.unknown_routes == []
    finally:
        await set_connections(name, allowed=True)
        await drop_postgres_database(name)
