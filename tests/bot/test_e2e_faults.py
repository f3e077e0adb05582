"""End to end, faults: the bot rides out dropped sockets, RECONNECT, INVALID_SESSION, 429 and 5xx."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.bot.e2e_support import DEADLINE, World, embed_text, make_world, run_cli, running_bot
from tests.discord_double import DiscordDouble, Guild, User

pytestmark = [
    pytest.mark.discord,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.timeout(120),
]

MOST = "who bought the most Hopper chips?"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    """One bot for the module, without a question cooldown."""
    async with DiscordDouble() as double:
        world = await make_world(double, tmp_path_factory.mktemp("faults"))
        status, _out, err = await run_cli("sync", cwd=world.directory, env=double.bot_env())
        assert status == 0, err
        async with running_bot(world, QUESTION_COOLDOWN_SECONDS="0"):
            yield world
            assert double.unknown_routes == []
            assert double.unanswered_interactions() == []


async def answered(world: World, user: User, where: Guild | None) -> None:
    """A /ask is answered within the deadline, and a DM too."""
    reply = await world.ask(user, "ask", {"question": MOST}, channel=where)
    assert "Microsoft" in embed_text(reply)


async def test_dropped_socket_resumes_and_answers(world: World) -> None:
    user = await world.person("after-drop")
    at = await world.double.drop_shard(0)
    await world.double.wait_for_gateway("resume", since=at, timeout=15)
    await answered(world, user, world.guild)
    assert not [r for r in world.double.gateway_log if r.kind == "identify" and r.at >= at]


async def test_reconnect_resumes_and_answers(world: World) -> None:
    user = await world.person("after-reconnect")
    at = await world.double.send_reconnect(0)
    await world.double.wait_for_gateway("resume", since=at, timeout=15)
    await answered(world, user, None)


async def test_invalid_session_reidentifies_and_answers(world: World) -> None:
    user = await world.person("after-invalid")
    at = await world.double.invalidate_session(0, resumable=False)
    await world.double.wait_for_gateway("identify", since=at, timeout=15)
    await answered(world, user, world.guild)


async def test_questions_sent_during_a_drop_are_all_answered(world: World) -> None:
    user = await world.person("during-drop")
    at = await world.double.drop_shard(0)
    interaction = await world.double.send_slash_command(user, "ask", {"question": MOST},
                                                        channel=world.guild)  # fmt: skip
    await world.double.wait_for_gateway("resume", since=at, timeout=15)
    reply = await world.double.wait_for_reply(interaction, timeout=10)
    assert "Microsoft" in embed_text(reply)


async def test_429_on_a_reply_is_retried_after_retry_after(world: World) -> None:
    user = await world.person("rate-limited")
    rule = world.double.fail_next("POST", "/interactions/*/callback", 429, retry_after=0.4)
    reply = await world.ask(user, "ask", {"question": MOST}, channel=world.guild)
    assert rule.fired == 1
    assert reply.latency is not None and 0.4 <= reply.latency < DEADLINE
    world.double.fail_next("POST", "/channels/*/messages", 429, retry_after=0.3)
    message = await world.double.send_message(user, MOST)
    dm_reply = await world.double.wait_for_message(message, timeout=DEADLINE)
    assert dm_reply.latency is not None and dm_reply.latency >= 0.3


async def test_server_errors_are_retried_or_logged_and_the_bot_keeps_serving(world: World) -> None:
    user = await world.person("unlucky")
    world.double.fail_next("POST", "/interactions/*/callback", 500)
    reply = await world.ask(user, "ask", {"question": MOST}, channel=world.guild)
    assert "Microsoft" in embed_text(reply)  # discord.py retried the 500 after a second
    world.double.fail_next("POST", "/channels/*/messages", 503)
    lost = await world.double.send_message(user, MOST)
    await world.double.wait_until(lambda: "could not answer message" in world.output(),
                                  timeout=5, what="the failed reply to be logged")  # fmt: skip
    assert str(lost.id) in world.output()
    message = await world.double.send_message(user, "and Meta?")
    after = await world.double.wait_for_message(message, timeout=DEADLINE)
    assert "Meta" in embed_text(after)
    assert world.process is not None and world.process.process.returncode is None
