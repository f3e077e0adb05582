"""End to end, asking: /ask, DMs, mentions, autocomplete, French, browsing, charts, no pings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.cogs.ask import ANSWERING_AT_ONCE
from tests.bot.e2e_support import (
    DEADLINE,
    World,
    embed_text,
    make_world,
    no_pings,
    run_cli,
    running_bot,
)
from tests.discord_double import CALLBACK, CHANNEL_MESSAGE, FOLLOWUP, DiscordDouble

pytestmark = [
    pytest.mark.discord,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.timeout(120),
]

PNG = b"\x89PNG\r\n\x1a\n"
MOST = "who bought the most Hopper chips?"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    """One bot process for the whole module (each test uses its own users)."""
    async with DiscordDouble() as double:
        world = await make_world(double, tmp_path_factory.mktemp("questions"))
        status, _out, err = await run_cli("sync", cwd=world.directory, env=double.bot_env())
        assert status == 0, err
        async with running_bot(world):
            yield world
            assert double.unknown_routes == []
            assert double.unanswered_interactions() == []
            messages = [r for r in double.replies if r.kind in (CHANNEL_MESSAGE, FOLLOWUP)
                        or (r.kind == CALLBACK and r.callback_type == 4)]  # fmt: skip
            assert len(messages) > 20
            assert all(no_pings(r) for r in messages), "a message the bot sent could ping"


async def test_ask_in_a_guild_is_answered_within_3_seconds(world: World) -> None:
    user = await world.person("guild-asker")
    reply = await world.ask(user, "ask", {"question": MOST}, channel=world.guild)
    assert reply.kind == CALLBACK and reply.callback_type == 4
    assert not reply.ephemeral
    embed = reply.embeds[0]
    assert "Microsoft" in embed["description"] and "485" in embed["description"]
    assert embed["fields"][0]["name"] == "How I read the question"
    assert "2024-12-18" in embed["footer"]["text"]
    assert no_pings(reply)


async def test_ask_in_a_dm_is_answered_within_3_seconds(world: World) -> None:
    user = await world.double.create_user("dm-asker")
    reply = await world.ask(user, "ask", {"question": MOST}, channel=None)
    assert "Microsoft" in embed_text(reply)
    assert no_pings(reply)


async def test_private_ask_is_ephemeral(world: World) -> None:
    user = await world.person("private-asker")
    reply = await world.ask(user, "ask", {"question": MOST, "private": True}, channel=world.guild)
    assert reply.ephemeral and "Microsoft" in embed_text(reply)


async def test_answer_with_several_figures_has_a_chart_button(world: World) -> None:
    user = await world.person("button-clicker")
    reply = await world.ask(user, "ask", {"question": MOST}, channel=world.guild)
    [custom_id] = reply.custom_ids()
    click = await world.double.send_component(user, reply, custom_id)
    final = await world.final(click)
    assert final.files and final.files[0].data.startswith(PNG)


async def test_autocomplete_matches_a_misspelt_prefix(world: World) -> None:
    user = await world.person("typist")
    for command, options, focused, expected in (
        ("figures", {"entity": "micrsof"}, "entity", "microsoft"),
        ("compare", {"first": "bytedanse"}, "first", "bytedance"),
        ("top", {"metric": "hoper"}, "metric", "hopper-gpus"),
        ("chart", {"metric": "dépen"}, "metric", "server-spending"),
    ):
        interaction = await world.double.send_autocomplete(user, command, options, focused,
                                                           channel=world.guild)  # fmt: skip
        reply = await world.double.wait_for_reply(interaction, timeout=DEADLINE)
        assert reply.choices is not None and 1 <= len(reply.choices) <= 25
        assert reply.choices[0]["value"] == expected, (command, reply.choices)
        assert reply.latency is not None and reply.latency < DEADLINE


async def test_autocomplete_without_input_offers_at_most_25(world: World) -> None:
    user = await world.person("browser")
    interaction = await world.double.send_autocomplete(user, "figures", {"entity": ""}, "entity",
                                                       channel=world.guild)  # fmt: skip
    reply = await world.double.wait_for_reply(interaction, timeout=DEADLINE)
    assert reply.choices is not None and 1 <= len(reply.choices) <= 25


async def test_a_dm_is_a_question_answered_as_a_reply_with_memory(world: World) -> None:
    user = await world.double.create_user("dm-talker")
    message = await world.double.send_message(user, MOST)
    reply = await world.double.wait_for_message(message, timeout=DEADLINE)
    assert int(reply.payload["message_reference"]["message_id"]) == message.id
    assert "Microsoft" in embed_text(reply)
    follow_up = await world.double.send_message(user, "and Meta?")
    second = await world.double.wait_for_message(follow_up, timeout=DEADLINE)
    assert "Meta" in second.embeds[0]["description"] and "224" in second.embeds[0]["description"]
    assert no_pings(reply) and no_pings(second)


async def test_a_guild_mention_is_answered_as_a_reply(world: World) -> None:
    user = await world.person("mentioner")
    message = await world.double.send_message(user, MOST, world.channel,
                                              mentions=[world.double.bot_user])  # fmt: skip
    reply = await world.double.wait_for_message(message, timeout=DEADLINE)
    assert int(reply.payload["message_reference"]["message_id"]) == message.id
    assert "Microsoft" in embed_text(reply)
    assert no_pings(reply)


async def test_unmentioned_guild_messages_and_bots_are_ignored(world: World) -> None:
    user = await world.person("chatter")
    other_bot = await world.double.create_user("otherbot", bot=True)
    await world.double.send_message(user, MOST, world.channel)
    await world.double.send_message(
        other_bot, MOST, world.channel, mentions=[world.double.bot_user]
    )
    await world.double.send_message(other_bot, MOST)  # a DM from a bot
    await world.double.expect_no_message(within=1.0)


async def test_french_question_gets_a_french_answer(world: World) -> None:
    user = await world.person("francophone")
    reply = await world.ask(user, "ask", {"question": "qui a acheté le plus de puces Hopper ?"},
                            channel=world.guild)  # fmt: skip
    embed = reply.embeds[0]
    assert "Microsoft" in embed["description"] and "acheté" in embed["description"]
    assert embed["fields"][0]["name"] == "Comment j'ai compris la question"


async def test_french_locale_user_gets_french_for_a_bare_name(world: World) -> None:
    user = await world.person("locale-fr", locale="fr")
    reply = await world.ask(user, "ask", {"question": "Meta"}, channel=world.guild)
    embed = reply.embeds[0]
    assert "Meta" in embed["description"]
    assert "acheté" in embed["description"] or "Comment j'ai compris" in embed_text(reply)


async def test_mentions_in_questions_never_ping(world: World) -> None:
    user = await world.person("pinger")
    victim = await world.person("victim")
    role = next(iter(world.guild.roles))
    question = f"@everyone @here <@&{role}> {victim.mention} who bought the most Hopper chips?"
    reply = await world.ask(user, "ask", {"question": question}, channel=world.guild)
    message = await world.double.send_message(user, question, world.channel,
                                              mentions=[world.double.bot_user])  # fmt: skip
    answer = await world.double.wait_for_message(message, timeout=DEADLINE)
    for sent in (reply, answer):
        assert no_pings(sent), sent.allowed_mentions
        assert "@everyone" not in embed_text(sent)


async def test_cooldown_gives_a_friendly_ephemeral_message(world: World) -> None:
    user = await world.person("impatient")
    for _ in range(4):  # QUESTIONS_PER_COOLDOWN=4 in the test settings
        await world.ask(user, "ask", {"question": MOST}, channel=world.guild)
    reply = await world.ask(user, "ask", {"question": MOST}, channel=world.guild)
    assert reply.ephemeral
    assert "ask again in" in (reply.content or "")
    message = await world.double.send_message(
        user, MOST, world.channel, mentions=[world.double.bot_user]
    )
    answer = await world.double.wait_for_message(message, timeout=DEADLINE)
    assert "ask again in" in (answer.content or "")


async def test_top_lists_the_highest_and_lowest(world: World) -> None:
    user = await world.person("ranker")
    reply = await world.ask(user, "top", {"metric": "hopper-gpus", "period": "2024", "count": 3},
                            channel=world.guild)  # fmt: skip
    embed = reply.embeds[0]
    lines = embed["description"].splitlines()
    assert len(lines) == 3 and "Microsoft" in lines[0] and "485,000" in lines[0]
    assert "2024-12-18" in embed["footer"]["text"]
    lowest = await world.ask(user, "top", {"metric": "hopper-gpus", "group": "china", "lowest": True},
                             channel=world.guild)  # fmt: skip
    text = lowest.embeds[0]["description"]
    assert "Microsoft" not in text and "ByteDance" in text
    assert lowest.embeds[0]["title"].startswith("Lowest")


async def test_top_in_french_for_a_french_user(world: World) -> None:
    user = await world.person("classement", locale="fr")
    reply = await world.ask(user, "top", {"metric": "hopper-gpus", "count": 2}, channel=world.guild)
    embed = reply.embeds[0]
    assert "Puces Nvidia Hopper achetées" in embed["title"]
    assert "485\u202f000" in embed["description"] or "485 000" in embed["description"]


async def test_compare_two_companies(world: World) -> None:
    user = await world.person("comparer")
    reply = await world.ask(user, "compare", {"first": "microsoft", "second": "meta",
                                              "metric": "hopper-gpus"}, channel=world.guild)  # fmt: skip
    text = embed_text(reply)
    assert "Microsoft" in text and "Meta" in text
    assert "485,000" in text and "224,000" in text and "261,000" in text  # the difference
    assert "2.2×" in text


async def test_figures_of_a_company(world: World) -> None:
    user = await world.person("looker")
    reply = await world.ask(user, "figures", {"entity": "microsoft"}, channel=None)
    text = embed_text(reply)
    assert "Figures for Microsoft" in text and "485,000" in text and "2023" in text


async def test_unknown_names_get_a_clear_ephemeral_message(world: World) -> None:
    user = await world.person("confused")
    reply = await world.ask(user, "figures", {"entity": "Blackwell Corp"}, channel=world.guild)
    assert reply.ephemeral and "I do not know Blackwell Corp" in (reply.content or "")


async def test_chart_defers_then_sends_a_png(world: World) -> None:
    user = await world.person("charter", locale="fr")
    interaction = await world.double.send_slash_command(user, "chart", {"metric": "hopper-gpus"},
                                                        channel=world.guild)  # fmt: skip
    first = await world.double.wait_for_reply(interaction, timeout=DEADLINE + 2)
    assert first.callback_type == 5 and first.latency is not None and first.latency < DEADLINE
    final = await world.double.wait_for_reply(interaction, timeout=15,
                                              kind=("followup", "edit_original"))  # fmt: skip
    assert final.files and final.files[0].filename == "chart.png"
    assert final.files[0].data.startswith(PNG) and len(final.files[0].data) > 5000
    assert no_pings(final)


async def test_sources_and_help(world: World) -> None:
    user = await world.person("curious")
    sources = await world.ask(user, "sources", channel=world.guild)
    assert "Financial Times" in embed_text(sources) and "2024-12-18" in embed_text(sources)
    # a French user sees the publishers described in French (from the knowledge files)
    sources_fr = await world.ask(user, "sources", channel=world.guild, locale="fr")
    assert "citant Omdia" in embed_text(sources_fr) and "citing" not in embed_text(sources_fr)
    help_en = await world.ask(user, "help", channel=None)
    assert "/ask" in embed_text(help_en) and "/kb set" in embed_text(help_en)
    assert "Nvidia Hopper chips bought (2023, 2024)" in embed_text(help_en)  # from the figures
    help_fr = await world.ask(user, "help", channel=world.guild, locale="fr")
    assert "/demander" in embed_text(help_fr) and "/base définir" in embed_text(help_fr)
    assert "Puces Nvidia Hopper achetées (2023, 2024)" in embed_text(help_fr)


async def test_a_bare_mention_gets_a_hint(world: World) -> None:
    user = await world.person("pinger-only")
    message = await world.double.send_message(user, "", world.channel,
                                              mentions=[world.double.bot_user])  # fmt: skip
    reply = await world.double.wait_for_message(message, timeout=DEADLINE)
    assert "/ask" in (reply.content or "") and no_pings(reply)


async def test_a_french_user_s_dm_in_neither_language_gets_french(world: World) -> None:
    user = await world.double.create_user("dm-fr", locale="fr")
    await world.ask(user, "help", channel=None)  # the bot learns the user's language here
    message = await world.double.send_message(user, "Meta")
    reply = await world.double.wait_for_message(message, timeout=DEADLINE)
    assert "acheté" in reply.embeds[0]["description"]


async def test_replies_reuse_a_kept_alive_connection(world: World) -> None:
    await world.ask(await world.person("regular0"), "ask", {"question": MOST}, channel=world.guild)
    opened = world.double.rest_connections
    for index in range(1, 6):
        user = await world.person(f"regular{index}")
        await world.ask(user, "ask", {"question": MOST}, channel=world.guild)
    # One question after another: the pooled connection carries every reply.
    assert world.double.rest_connections == opened


async def test_a_burst_of_questions_is_answered_in_full(world: World) -> None:
    users = [await world.person(f"burst{i}") for i in range(100)]
    opened = world.double.rest_connections
    sends = [
        world.double.send_slash_command(user, "ask", {"question": MOST}, channel=world.guild)
        for user in users
    ]
    interactions = await asyncio.gather(*sends)
    replies = [await world.final(i) for i in interactions]
    assert all("Microsoft" in embed_text(r) for r in replies)
    assert world.double.late_callbacks == []
    # Questions take turns (ANSWERING_AT_ONCE), so replies need no connection per question.
    assert world.double.rest_connections - opened <= ANSWERING_AT_ONCE
