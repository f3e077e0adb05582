"""End to end, two shards in one process: a guild on each shard and a DM are all answered.

The bot here defers every /ask first, so the slow path (defer, then follow up) is covered too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.bot.e2e_support import World, embed_text, make_world, run_cli, running_bot
from tests.discord_double import EVERYONE_PERMISSIONS, DiscordDouble

pytestmark = [
    pytest.mark.discord,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.timeout(120),
]

MOST = "who bought the most Hopper chips?"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    """A two-shard double and `python -m bot run` with SHARD_COUNT=2."""
    async with DiscordDouble(shard_count=2) as double:
        world = await make_world(double, tmp_path_factory.mktemp("shards"))
        status, _out, err = await run_cli("sync", cwd=world.directory, env=double.bot_env())
        assert status == 0, err
        # DEFER_AFTER_SECONDS=0: every /ask takes the slow path (defer, then follow up).
        async with running_bot(world, SHARD_COUNT="2", QUESTION_COOLDOWN_SECONDS="0",
                               DEFER_AFTER_SECONDS="0"):  # fmt: skip
            yield world


async def test_both_shards_identify(world: World) -> None:
    shards = sorted(r.data["shard"][0] for r in world.double.gateway_log if r.kind == "identify")
    assert shards == [0, 1]
    assert all(r.data["shard"][1] == 2 for r in world.double.gateway_log if r.kind == "identify")


async def test_a_guild_on_each_shard_and_a_dm_are_answered(world: World) -> None:
    double = world.double
    asker = await double.create_user("sharded-asker")
    for shard in (0, 1):
        guild = await double.create_guild(f"Shard {shard}", shard=shard)
        assert guild.shard_id(2) == shard
        await double.add_member(guild, asker, permissions=EVERYONE_PERMISSIONS)
        interaction = await double.send_slash_command(
            asker, "ask", {"question": MOST}, channel=guild
        )
        assert interaction.shard_id == shard
        reply = await world.final(interaction)
        assert "Microsoft" in embed_text(reply)
        message = await double.send_message(asker, MOST, guild.text_channels[0],
                                            mentions=[double.bot_user])  # fmt: skip
        answer = await double.wait_for_message(message, timeout=3)
        assert "Microsoft" in embed_text(answer)
    dm = await double.send_message(asker, MOST)
    reply = await double.wait_for_message(dm, timeout=3)
    assert dm.shard_id == 0 and "Microsoft" in embed_text(reply)
    interaction = await double.send_slash_command(asker, "ask", {"question": MOST}, channel=None)
    assert "Microsoft" in embed_text(await world.final(interaction))


async def test_a_slow_answer_is_deferred_within_3_seconds_then_followed_up(world: World) -> None:
    asker = await world.double.create_user("patient")
    interaction = await world.double.send_slash_command(asker, "ask", {"question": MOST})
    first = await world.double.wait_for_reply(interaction, timeout=5)
    assert first.callback_type == 5 and first.latency is not None and first.latency < 3
    follow_up = await world.double.wait_for_reply(interaction, timeout=5,
                                                  kind=("followup", "edit_original"))  # fmt: skip
    assert "Microsoft" in embed_text(follow_up)
    assert follow_up.allowed_mentions is not None and follow_up.allowed_mentions["parse"] == []
