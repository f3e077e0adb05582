"""Tests of the loopback Discord double, driving a minimal discord.py bot over real sockets."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import aiohttp
import discord
import pytest

from tests.discord_double import (
    CALLBACK,
    CHANNEL_MESSAGE,
    EDIT_MESSAGE,
    EDIT_ORIGINAL,
    EVERYONE_PERMISSIONS,
    FOLLOWUP,
    MANAGE_GUILD,
    CommandNotAvailable,
    DiscordDouble,
    FileUpload,
    Guild,
    User,
    fixtures,
    running,
    subprocess_bot,
)
from tests.discord_double.minimal_bot import MinimalBot, ShardedMinimalBot

# The lead imports these into tests/conftest.py; bound here so this file also runs on its own.
discord_double = fixtures.discord_double
sharded_double = fixtures.sharded_double

pytestmark = [pytest.mark.discord, pytest.mark.timeout(30)]

REPO = Path(__file__).resolve().parents[1]


async def _world(double: DiscordDouble) -> tuple[Guild, User]:
    guild = await double.create_guild("Guild", locale="fr")
    alice = await double.create_user("alice", locale="fr")
    await double.add_member(guild, alice, permissions=EVERYONE_PERMISSIONS | MANAGE_GUILD)
    return guild, alice


def _no_leftovers(double: DiscordDouble, bot: MinimalBot | ShardedMinimalBot) -> None:
    assert double.unknown_routes == []
    assert double.unanswered_interactions() == []
    assert bot.errors == []


# -- login, ready, sync ------------------------------------------------------------------------


async def test_login_ready_and_explicit_sync(discord_double: DiscordDouble) -> None:
    """Login, READY + GUILD_CREATE reach the cache, and tree.sync is recorded with its metadata."""
    double = discord_double
    guild, _ = await _world(double)
    bot = MinimalBot(sync=False)
    async with running(bot, double):
        assert bot.user is not None and bot.user.id == double.bot_user.id
        assert bot.application_id == double.application_id
        cached = bot.get_guild(guild.id)
        assert cached is not None and cached.name == "Guild"
        assert {c.name for c in cached.text_channels} == {"general"}
        assert cached.me is not None
        assert double.command_syncs == []

        synced = await bot.tree.sync()
        await bot.tree.sync(guild=discord.Object(guild.id))

    assert {c.name for c in synced} == {
        "ping", "slow", "fruit", "kb", "upload", "button", "say", "post", "feedback", "edit",
    }  # fmt: skip
    assert [s.guild_id for s in double.command_syncs] == [None, guild.id]
    ping = double.command("ping")
    assert ping is not None
    assert ping["description_localizations"] == {"fr": "Répond pong"}
    assert ping["contexts"] == [0, 1, 2]
    assert ping["integration_types"] == [0, 1]
    kb = double.command("kb")
    assert kb is not None and kb["default_member_permissions"] == str(MANAGE_GUILD)
    assert kb["dm_permission"] is False
    assert sorted(o["name"] for o in kb["options"]) == ["set", "tag"]
    identify = next(r for r in double.gateway_log if r.kind == "identify")
    assert identify.data["intents"] == discord.Intents.default().value
    assert double.unknown_routes == []


async def test_rest_surface_content_type_auth_and_unknown_routes(
    discord_double: DiscordDouble,
) -> None:
    """Exact JSON content type, 401 on bad token, recorded 404s, 4004 on a bad IDENTIFY."""
    double = discord_double
    good = {"Authorization": f"Bot {double.token}"}
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{double.api_base}/users/@me", headers=good) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"] == "application/json"
            assert (await resp.json())["id"] == str(double.bot_user.id)
        async with http.get(
            f"{double.api_base}/users/@me", headers={"Authorization": "Bot x"}
        ) as r:
            assert r.status == 401
        async with http.get(f"{double.api_base}/gateway/bot", headers=good) as resp:
            data = await resp.json()
            assert data["url"] == double.gateway_url and data["shards"] == 1
        async with http.get(f"{double.api_base}/nope/123", headers=good) as resp:
            assert resp.status == 404
            assert resp.headers["Content-Type"] == "application/json"
        async with http.ws_connect(f"{double.gateway_url}?v=10&encoding=json") as ws:
            hello = await ws.receive_json()
            assert hello["op"] == 10
            await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 1, "properties": {}}})
            msg = await ws.receive()
            assert msg.type == aiohttp.WSMsgType.CLOSE and ws.close_code == 4004
    assert double.unknown_routes == [("GET", "/api/v10/nope/123")]


async def test_bad_token_is_login_failure(discord_double: DiscordDouble) -> None:
    """A wrong token makes discord.py raise LoginFailure and close."""
    bot = MinimalBot()
    with pytest.raises(discord.LoginFailure):
        async with running(bot, discord_double, token="not-the-token"):
            pytest.fail("should not get ready")
    assert bot.is_closed()
    assert discord_double.requests[-1].status == 401


# -- interactions ------------------------------------------------------------------------------


async def test_slash_command_in_guild_and_dm(discord_double: DiscordDouble) -> None:
    """/ping is answered by callback in a guild and in a DM; unavailable commands are refused."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        in_guild = await double.send_slash_command(alice, "ping", channel=guild)
        in_dm = await double.send_slash_command(alice, "ping")
        for interaction in (in_guild, in_dm):
            reply = await double.wait_for_reply(interaction, timeout=3.0)
            assert (reply.kind, reply.callback_type, reply.content) == (CALLBACK, 4, "pong")
            assert reply.latency is not None and 0 <= reply.latency < 3.0
            assert not reply.ephemeral
        assert in_guild.guild_id == guild.id and in_guild.payload["member"]["user"]["id"]
        assert in_dm.guild_id is None and in_dm.payload["channel"]["type"] == 1
        assert in_dm.payload["locale"] == "fr"

        with pytest.raises(CommandNotAvailable):  # guild-only group, not in DMs
            await double.send_slash_command(alice, "kb set", {"key": "a", "value": "b"})
        bob = await double.create_user("bob")
        with pytest.raises(CommandNotAvailable):  # lacks MANAGE_GUILD
            await double.send_slash_command(
                bob, "kb set", {"key": "a", "value": "b"}, channel=guild
            )
        with pytest.raises(CommandNotAvailable):
            await double.send_slash_command(alice, "never-synced", channel=guild)
        _no_leftovers(double, bot)


async def test_deferred_reply_then_followups(discord_double: DiscordDouble) -> None:
    """A deferred ephemeral reply is filled by the first follow-up; the second is a new message."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        interaction = await double.send_slash_command(
            alice, "slow", {"ephemeral": True}, channel=guild
        )
        deferred = await double.wait_for_reply(interaction, timeout=3.0)
        assert deferred.kind == CALLBACK and deferred.callback_type == 5
        assert deferred.ephemeral
        first = await double.wait_for_reply(interaction, kind=FOLLOWUP)
        second = await double.wait_for_reply(interaction, kind=FOLLOWUP)
        assert (first.content, second.content) == ("done slowly", "second follow-up")
        assert first.message_id == deferred.message_id  # fills in the "thinking" message
        assert second.message_id != deferred.message_id
        assert first.received_at - deferred.received_at >= 0.2
        _no_leftovers(double, bot)


async def test_autocomplete_returns_choices(discord_double: DiscordDouble) -> None:
    """Autocomplete marks the focused option and records the choices returned."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        interaction = await double.send_autocomplete(
            alice, "fruit", {"name": "ap"}, focused="name", channel=guild
        )
        reply = await double.wait_for_reply(interaction, timeout=3.0)
        assert reply.callback_type == 8
        assert reply.choices == [
            {"name": "Apple", "value": "apple"},
            {"name": "Apricot", "value": "apricot"},
        ]
        focused = interaction.payload["data"]["options"][0]
        assert focused == {"name": "name", "type": 3, "value": "ap", "focused": True}
        _no_leftovers(double, bot)


async def test_groups_attachments_and_components(discord_double: DiscordDouble) -> None:
    """Subcommand groups, an attachment option with a PNG reply, and a button click (type 7)."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        tag = await double.send_slash_command(alice, "kb tag add", {"name": "rain"}, channel=guild)
        assert (await double.wait_for_reply(tag)).content == "tag rain added"
        option = tag.payload["data"]["options"][0]
        assert (option["type"], option["options"][0]["type"]) == (2, 1)

        kb_set = await double.send_slash_command(
            alice, "kb set", {"key": "k", "value": "v"}, channel=guild
        )
        reply = await double.wait_for_reply(kb_set)
        assert reply.content == "set k=v" and reply.ephemeral

        upload = await double.send_slash_command(
            alice,
            "upload",
            {"file": FileUpload("data.csv", b"a,b\n1,2\n", "text/csv")},
            channel=guild,
        )
        reply = await double.wait_for_reply(upload)
        assert reply.content == "data.csv: 8 bytes"
        assert [f.filename for f in reply.files] == ["chart.png"]
        assert reply.files[0].data.startswith(b"\x89PNG\r\n\x1a\n")

        sent = await double.send_slash_command(alice, "button", channel=guild)
        message = await double.wait_for_reply(sent)
        assert message.custom_ids() == ["minimal:click"]
        click = await double.send_component(alice, message, "minimal:click")
        update = await double.wait_for_reply(click)
        assert (update.callback_type, update.content) == (7, "clicked")
        assert update.message_id == message.message_id
        assert double.world.messages[message.message_id or 0]["content"] == "clicked"
        _no_leftovers(double, bot)


async def test_allowed_mentions_recorded(discord_double: DiscordDouble) -> None:
    """allowed_mentions sent by the bot are recorded as sent."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        interaction = await double.send_slash_command(
            alice, "say", {"text": f"hi {alice.mention}"}, channel=guild
        )
        reply = await double.wait_for_reply(interaction)
        assert reply.content == f"hi {alice.mention}"
        assert reply.allowed_mentions == {"parse": []}
        _no_leftovers(double, bot)


async def test_modal_original_response_and_plain_rest(discord_double: DiscordDouble) -> None:
    """Modals, GET/PATCH @original, DMs, edits, reactions, typing, history and fetches work."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        opened = await double.send_slash_command(alice, "feedback", channel=guild)
        assert (await double.wait_for_reply(opened)).callback_type == 9
        submitted = await double.send_modal_submit(
            alice, "minimal:feedback", {"feedback:text": "great"}, channel=guild
        )
        thanks = await double.wait_for_reply(submitted)
        assert thanks.content == "thanks: great" and thanks.ephemeral

        edit = await double.send_slash_command(alice, "edit", channel=guild)
        first = await double.wait_for_reply(edit)
        edited = await double.wait_for_reply(edit, kind=EDIT_ORIGINAL)
        assert (first.content, edited.content) == ("first", "edited first")
        assert edited.message_id == first.message_id
        assert any(c.method == "GET" and c.path.endswith("/@original") for c in double.requests)

        user = await bot.fetch_user(alice.id)
        sent = await user.send("hello alice")
        dm = await double.dm_channel(alice)
        assert (await double.wait_for_message(dm)).content == "hello alice"
        await sent.edit(content="hello again")
        assert (await double.wait_for_message(dm, kinds=[EDIT_MESSAGE])).content == "hello again"
        await sent.add_reaction("👍")
        reaction = await double.wait_for_message(dm, kinds=["reaction"])
        assert reaction.payload["emoji"] == "👍"
        general = bot.get_channel(guild.text_channels[0].id)
        assert isinstance(general, discord.TextChannel)
        await general.typing()
        await double.wait_for_message(general.id, kinds=["typing"])
        history = [m.content async for m in sent.channel.history(limit=5)]
        assert history == ["hello again"]
        fetched = await bot.fetch_channel(general.id)
        assert isinstance(fetched, discord.TextChannel) and fetched.name == "general"
        assert (await bot.fetch_guild(guild.id)).name == "Guild"
        member = await (await bot.fetch_guild(guild.id)).fetch_member(alice.id)
        assert member.id == alice.id
        _no_leftovers(double, bot)


# -- messages ----------------------------------------------------------------------------------


async def test_dm_and_mention_answered_other_messages_ignored(
    discord_double: DiscordDouble,
) -> None:
    """DMs and mentions are answered; chatter, other bots and echoes are ignored."""
    double = discord_double
    guild, alice = await _world(double)
    other_bot = await double.create_user("otherbot", bot=True)
    general = guild.text_channels[0]
    async with running(MinimalBot(), double) as bot:
        me = bot.user
        assert me is not None
        dm = await double.send_message(alice, "hello there")
        reply = await double.wait_for_message(dm, timeout=3.0)
        assert reply.content == "dm: hello there"
        assert reply.latency is not None and reply.latency < 3.0

        mention = await double.send_message(alice, "how much?", general, mentions=[me])
        reply = await double.wait_for_message(general, timeout=3.0)
        assert reply.content == f"mention: {double.bot_user.mention} how much?"
        assert int(reply.payload["message_reference"]["message_id"]) == mention.id
        assert reply.allowed_mentions is not None
        assert reply.allowed_mentions["replied_user"] is False

        chatter = await double.send_message(alice, "just chatting", general)
        assert chatter.payload["content"] == "just chatting"
        assert chatter.visible_content == ""  # no MESSAGE_CONTENT intent, no mention
        assert mention.visible_content == mention.content
        await double.send_message(other_bot, "beep", general, mentions=[me])
        await double.send_message(other_bot, "beep beep")
        await double.expect_no_message(within=0.4)
        assert all(m.dispatched_at is not None for m in double.user_messages)
        # the bot's own two replies were echoed back as MESSAGE_CREATE and ignored
        assert [r.kind for r in double.replies] == [CHANNEL_MESSAGE, CHANNEL_MESSAGE]
        _no_leftovers(double, bot)


# -- gateway faults ----------------------------------------------------------------------------


async def _ping_answered(double: DiscordDouble, user: User, where: Guild | None) -> None:
    interaction = await double.send_slash_command(user, "ping", channel=where)
    reply = await double.wait_for_reply(interaction, timeout=3.0)
    assert reply.content == "pong"


async def test_socket_drop_resumes_and_replays(discord_double: DiscordDouble) -> None:
    """An abrupt drop leads to RESUME via resume_gateway_url and replay of missed events."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        session_id = double.gateway.sessions[0].session_id
        at = await double.drop_shard(0)
        # dispatched while the socket is down: buffered, then replayed on RESUME
        queued = await double.send_slash_command(alice, "ping", channel=guild, wait_connected=False)
        resume = await double.wait_for_gateway("resume", shard_id=0, since=at)
        assert resume.data["replayed"] >= 1
        reply = await double.wait_for_reply(queued, timeout=3.0)
        assert reply.content == "pong"
        connects = [r for r in double.gateway_log if r.kind == "connect" and r.at >= at]
        assert connects[0].data["path"] == "/gateway/resume"
        assert double.gateway.sessions[0].session_id == session_id
        await _ping_answered(double, alice, guild)
        _no_leftovers(double, bot)


async def test_reconnect_opcode_resumes(discord_double: DiscordDouble) -> None:
    """op 7 RECONNECT makes the client resume; later commands are answered."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        at = await double.send_reconnect(0)
        await double.wait_for_gateway("resume", shard_id=0, since=at)
        assert not [r for r in double.gateway_log if r.kind == "identify" and r.at >= at]
        await _ping_answered(double, alice, guild)
        await _ping_answered(double, alice, None)
        _no_leftovers(double, bot)


@pytest.mark.parametrize("resumable", [True, False])
async def test_invalid_session(discord_double: DiscordDouble, resumable: bool) -> None:
    """op 9 resumable resumes the same session; non-resumable re-identifies a new one."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        old_session = double.gateway.sessions[0].session_id
        at = await double.invalidate_session(0, resumable=resumable)
        expected, unexpected = ("resume", "identify") if resumable else ("identify", "resume")
        await double.wait_for_gateway(expected, shard_id=0, since=at)
        assert not [r for r in double.gateway_log if r.kind == unexpected and r.at >= at]
        new_session = double.gateway.sessions[0].session_id
        assert (new_session == old_session) is resumable
        await _ping_answered(double, alice, guild)
        _no_leftovers(double, bot)


async def test_stalled_heartbeat_acks_force_a_resume() -> None:
    """Without heartbeat ACKs the client closes with 4000 and resumes."""
    async with DiscordDouble(heartbeat_interval=0.2) as double:
        guild, alice = await _world(double)
        async with running(MinimalBot(heartbeat_timeout=0.8), double) as bot:
            beats = [r for r in double.gateway_log if r.kind == "heartbeat"]
            await double.wait_until(
                lambda: len([r for r in double.gateway_log if r.kind == "heartbeat"]) > len(beats),
                what="a periodic heartbeat",
            )
            at = double.stall_heartbeat_acks(0)
            await double.wait_for_gateway("resume", shard_id=0, since=at, timeout=5.0)
            closed = [r for r in double.gateway_log if r.kind == "close" and r.at >= at]
            assert closed and closed[0].data["code"] == 4000
            await _ping_answered(double, alice, guild)
            _no_leftovers(double, bot)


# -- REST faults -------------------------------------------------------------------------------


async def test_429_on_reply_is_retried_after_retry_after(discord_double: DiscordDouble) -> None:
    """A 429 on a callback or a channel message is retried after retry_after."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        rule = double.fail_next("POST", "/interactions/*/callback", 429, retry_after=0.4)
        interaction = await double.send_slash_command(alice, "ping", channel=guild)
        reply = await double.wait_for_reply(interaction, timeout=3.0)
        assert rule.fired == 1
        assert reply.latency is not None and 0.4 <= reply.latency < 3.0
        calls = [c.status for c in double.requests if c.path.endswith("/callback")]
        assert calls == [429, 200]

        double.fail_next("POST", "/channels/*/messages", 429, retry_after=0.3, is_global=True)
        dm = await double.send_message(alice, "hi")
        reply = await double.wait_for_message(dm, timeout=3.0)
        assert reply.latency is not None and reply.latency >= 0.3
        _no_leftovers(double, bot)


async def test_server_errors_retried_or_surfaced(discord_double: DiscordDouble) -> None:
    """A 500 is retried after 1 s; a 503 reaches the bot as DiscordServerError."""
    double = discord_double
    guild, alice = await _world(double)
    async with running(MinimalBot(), double) as bot:
        # discord.py retries a 500 after 1 s: the reply still lands inside the 3 s window
        double.fail_next("POST", "/interactions/*/callback", 500)
        interaction = await double.send_slash_command(alice, "ping", channel=guild)
        reply = await double.wait_for_reply(interaction, timeout=3.0)
        assert reply.latency is not None and 1.0 <= reply.latency < 3.0
        # a 503 is not retried: channel.send raises DiscordServerError to the bot
        double.fail_next("POST", "/channels/*/messages", 503)
        post = await double.send_slash_command(alice, "post", channel=guild)
        assert (await double.wait_for_reply(post)).callback_type == 5
        followup = await double.wait_for_reply(post, kind=FOLLOWUP)
        assert followup.content == "failed: 503"
        assert len(bot.errors) == 1 and isinstance(bot.errors[0], discord.DiscordServerError)
        bot.errors.clear()
        _no_leftovers(double, bot)


async def test_late_callback_rejected_as_unknown_interaction() -> None:
    """A callback after the deadline gets 404 Unknown interaction (10062)."""
    async with DiscordDouble(interaction_deadline=0.3) as double:
        guild, alice = await _world(double)
        async with running(MinimalBot(), double) as bot:
            double.delay_next("POST", "/interactions/*/callback", 0.5)
            interaction = await double.send_slash_command(alice, "ping", channel=guild)
            await double.wait_until(lambda: bot.errors, what="the bot to see the error")
            error = bot.errors[0]
            assert isinstance(error, discord.app_commands.CommandInvokeError)
            assert isinstance(error.original, discord.NotFound)
            assert error.original.code == 10062
            assert double.late_callbacks == [interaction]
            assert double.unanswered_interactions() == [interaction]


# -- sharding ----------------------------------------------------------------------------------


async def test_two_shards_route_guilds_and_dms(sharded_double: DiscordDouble) -> None:
    """Two shards via GET /gateway/bot: each guild on its shard and DMs on shard 0 are answered."""
    double = sharded_double
    alice = await double.create_user("alice")
    guilds = [await double.create_guild(f"G{i}", shard=i) for i in (0, 1)]
    start = time.monotonic()
    async with running(ShardedMinimalBot(), double) as bot:
        assert time.monotonic() - start < 4.0  # the 5 s identify delay is skipped
        assert bot.shard_count == 2
        assert any(c.path == "/gateway/bot" for c in double.requests)
        shards = sorted(r.data["shard"][0] for r in double.gateway_log if r.kind == "identify")
        assert shards == [0, 1]
        for index, guild in enumerate(guilds):
            cached = bot.get_guild(guild.id)
            assert cached is not None and cached.shard_id == index
            interaction = await double.send_slash_command(alice, "ping", channel=guild)
            assert interaction.shard_id == index
            assert (await double.wait_for_reply(interaction)).content == "pong"
        dm = await double.send_slash_command(alice, "ping")
        assert dm.shard_id == 0
        assert (await double.wait_for_reply(dm)).content == "pong"
        message = await double.send_message(alice, "psst")
        assert (await double.wait_for_message(message)).content == "dm: psst"
        _no_leftovers(double, bot)


# -- a subprocess bot --------------------------------------------------------------------------


async def test_subprocess_bot_via_env(discord_double: DiscordDouble) -> None:
    """A subprocess bot configured only through DISCORD_* env vars connects and answers."""
    double = discord_double
    _, alice = await _world(double)
    args = ("-m", "tests.discord_double.minimal_bot")
    async with subprocess_bot(double, *args, cwd=REPO) as proc:
        try:
            await double.wait_for_ready(timeout=15.0)
            await double.wait_for_command_sync(timeout=5.0)
            interaction = await double.send_slash_command(alice, "ping")
            assert (await double.wait_for_reply(interaction, timeout=3.0)).content == "pong"
        except AssertionError:
            print(proc.output())
            raise
    assert double.unknown_routes == []
    assert json.loads(json.dumps(double.bot_env()))["DISCORD_TOKEN"] == double.token


async def test_no_tasks_leak_after_a_session() -> None:
    """A full double + bot session leaves no pending tasks behind."""
    before = set(asyncio.all_tasks())
    async with DiscordDouble() as double:
        guild, alice = await _world(double)
        async with running(MinimalBot(), double):
            await _ping_answered(double, alice, guild)
    await asyncio.sleep(0.05)
    leftover = [t for t in asyncio.all_tasks() - before if not t.done()]
    assert leftover == [], leftover
