"""End to end, start-up: login, READY, explicit sync, presence; a bad token; no token."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import pytest
import pytest_asyncio

from tests.bot.e2e_support import World, make_world, python_env, run_cli, running_bot
from tests.discord_double import DiscordDouble

pytestmark = [
    pytest.mark.discord,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.timeout(120),
]

FRENCH = {"ask": "demander", "top": "classement", "compare": "comparer", "figures": "chiffres",
          "chart": "graphique", "sources": "sources", "help": "aide", "kb": "base"}  # fmt: skip


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def started(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[World, str]]:
    """A bot synced with `python -m bot sync`, then started with a development guild."""
    async with DiscordDouble() as double:
        world = await make_world(double, tmp_path_factory.mktemp("startup"))
        status, out, err = await run_cli("sync", cwd=world.directory, env=double.bot_env())
        assert status == 0, err
        assert double.token not in out + err
        async with running_bot(world, DEV_GUILD_ID=str(world.guild.id)) as process:
            await double.wait_for_command_sync(world.guild, timeout=10)
            yield world, out + err
            assert double.token not in process.output()


async def test_sync_command_syncs_globally_over_rest_only(started: tuple[World, str]) -> None:
    world, output = started
    double = world.double
    assert "synced 8 commands" in output
    global_syncs = [s for s in double.command_syncs if s.guild_id is None]
    assert len(global_syncs) == 1  # by `python -m bot sync`; `run` never syncs globally
    names = {c["name"] for c in global_syncs[0].commands}
    assert names == set(FRENCH)
    # `sync` logged in over REST and left: the only gateway identify is the running bot's.
    assert len([r for r in double.gateway_log if r.kind == "identify"]) == 1


async def test_sync_to_one_guild(started: tuple[World, str]) -> None:
    world, _ = started
    double = world.double
    before = len(double.command_syncs)
    status, out, err = await run_cli("sync", "--guild", str(world.guild.id), cwd=world.directory,
                                     env=double.bot_env())  # fmt: skip
    assert status == 0, err
    assert f"synced 8 commands to guild {world.guild.id}" in out
    [new] = double.command_syncs[before:]
    assert new.guild_id == world.guild.id and len(new.commands) == 8


async def test_run_logs_in_identifies_and_syncs_the_dev_guild(started: tuple[World, str]) -> None:
    world, _ = started
    double = world.double
    identify = next(r for r in double.gateway_log if r.kind == "identify")
    wanted = discord.Intents.none()
    wanted.guilds = wanted.guild_messages = wanted.dm_messages = True
    assert identify.data["intents"] == wanted.value  # no privileged intent
    assert [r for r in double.gateway_log if r.kind == "ready"]
    guild_commands = await double.wait_for_command_sync(world.guild)
    assert {c["name"] for c in guild_commands} == set(FRENCH)
    assert any(c.method == "GET" and c.path.endswith("/users/@me") for c in double.requests)
    assert double.unknown_routes == []


async def test_presence_says_how_to_ask(started: tuple[World, str]) -> None:
    world, _ = started
    record = await world.double.wait_for_gateway("presence", timeout=5)
    activities = record.data.get("activities") or []
    assert activities and "/ask" in activities[0]["name"]
    assert record.data.get("status") == "online"


async def test_synced_commands_carry_french_localisations(started: tuple[World, str]) -> None:
    world, _ = started
    for name, french in FRENCH.items():
        command = world.double.command(name)
        assert command is not None
        assert command["name_localizations"]["fr"] == french
        assert command["description_localizations"]["fr"]
    ask = world.double.command("ask")
    assert ask is not None
    options = {o["name"]: o for o in ask["options"]}
    assert options["private"]["name_localizations"]["fr"] == "privé"
    assert ask["contexts"] == [0, 1, 2] and ask["integration_types"] == [0, 1]
    kb = world.double.command("kb")
    assert kb is not None
    assert kb["contexts"] == [0]
    assert int(kb["default_member_permissions"]) == discord.Permissions(manage_guild=True).value


async def test_bot_answers_after_start(started: tuple[World, str]) -> None:
    world, _ = started
    reply = await world.ask(world.member, "help", channel=world.guild)
    assert reply.embeds and "/ask" in reply.embeds[0]["description"]


async def test_bad_token_exits_with_one_clear_line(tmp_path: Path) -> None:
    async with DiscordDouble() as double:
        bad = "definitely.not-the.token-" + "x" * 30
        env = {
            **double.bot_env(),
            "DISCORD_TOKEN": bad,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 't.db'}",
        }
        started_at = time.monotonic()
        status, out, err = await run_cli("run", cwd=tmp_path, env=env, within=30)
    assert status != 0
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "token" in lines[0].lower() and lines[0].startswith("error:")
    assert bad not in out + err and "x" * 30 not in out + err
    assert time.monotonic() - started_at < 20


async def test_no_token_explains_and_starts_the_console(tmp_path: Path) -> None:
    env = {"DISCORD_TOKEN": ""}
    status, out, err = await run_cli(
        "run", cwd=tmp_path, env=env, stdin=b"who bought the most Hopper chips?\n"
    )
    assert status == 0, err
    assert "DISCORD_TOKEN" in err and "Reset Token" in err and "developer portal" in err.lower()
    assert "Microsoft" in out
    assert python_env()["PYTHONPATH"]


async def test_sigterm_closes_cleanly_and_flushes_the_question_log(tmp_path: Path) -> None:
    async with DiscordDouble() as double:
        world = await make_world(double, tmp_path)
        status, _out, err = await run_cli("sync", cwd=tmp_path, env=double.bot_env())
        assert status == 0, err
        # A long flush interval: only closing can write the question log here.
        async with running_bot(world, QUESTION_LOG_FLUSH_SECONDS="3600") as process:
            user = await double.create_user("last-words")
            message = await double.send_message(user, "who bought the most Hopper chips?")
            await double.wait_for_message(message, timeout=3)
            assert await process.stop(timeout=10) == 0
            output = process.output()
    assert "SIGTERM: closing" in output and "Traceback" not in output
    database = world.database_url.split("///", 1)[1]
    with sqlite3.connect(database) as connection:
        logged = connection.execute("SELECT text, origin FROM question_log").fetchall()
    assert ("who bought the most Hopper chips?", "discord") in logged


async def test_the_question_log_keeps_only_the_days_configured(tmp_path: Path) -> None:
    from db.questions import LoggedQuestion
    from knowledge.store import KnowledgeBase

    async with DiscordDouble() as double:
        world = await make_world(double, tmp_path)
        kb = await KnowledgeBase.open(world.database_url)
        now = datetime.now(UTC)
        await kb.log_questions(
            [
                LoggedQuestion(
                    now - timedelta(days=days),
                    f"{days} days old",
                    f"{days} days old",
                    "en",
                    "unknown",
                    False,
                    0.1,
                    "discord",
                )
                for days in (2, 45)
            ]
        )
        await kb.close()
        database = world.database_url.split("///", 1)[1]
        env = {"QUESTION_LOG_DAYS": "30", "QUESTION_LOG_FLUSH_SECONDS": "0.1"}
        async with running_bot(world, **env) as process:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with sqlite3.connect(database) as connection:
                    logged = connection.execute("SELECT text FROM question_log").fetchall()
                # the log line follows the commit: wait for both
                if len(logged) < 2 and "removed 1 logged" in process.output():
                    break
                await asyncio.sleep(0.1)
            assert logged == [("2 days old",)], process.output()
            assert "removed 1 logged questions older than 30 days" in process.output()


async def test_the_fact_history_keeps_only_the_days_configured(tmp_path: Path) -> None:
    async with DiscordDouble() as double:
        world = await make_world(double, tmp_path)
        database = world.database_url.split("///", 1)[1]
        # written as SQLAlchemy writes a date and time to SQLite
        old = (datetime.now(UTC) - timedelta(days=45)).strftime("%Y-%m-%d %H:%M:%S.%f")
        with sqlite3.connect(database) as connection:
            kept = connection.execute("SELECT count(*) FROM fact_history").fetchone()[0]
            connection.execute(
                "INSERT INTO fact_history (entity_key, metric_key, period, source_key, action,"
                " changed_at, changed_by) VALUES ('meta', 'hopper-gpus', '2024', 'seed-article',"
                " 'updated', ?, 'a curator, 45 days ago')",
                (old,),
            )
        assert kept > 0  # the seed's own load, recorded just now
        env = {"FACT_HISTORY_DAYS": "30", "QUESTION_LOG_FLUSH_SECONDS": "0.1"}
        async with running_bot(world, **env) as process:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with sqlite3.connect(database) as connection:
                    rows = connection.execute("SELECT changed_by FROM fact_history").fetchall()
                if len(rows) == kept and "removed 1 recorded" in process.output():
                    break
                await asyncio.sleep(0.1)
            assert len(rows) == kept, process.output()
            assert ("a curator, 45 days ago",) not in rows
            assert "removed 1 recorded fact changes older than 30 days" in process.output()
