"""End to end: the chart button under an answer still works after the bot restarts."""

from __future__ import annotations

import pytest

from tests.bot.e2e_support import make_world, run_cli, running_bot
from tests.discord_double import DiscordDouble

pytestmark = [pytest.mark.discord, pytest.mark.timeout(120)]

PNG = b"\x89PNG\r\n\x1a\n"


async def test_a_chart_button_works_after_a_restart(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    async with DiscordDouble() as double:
        world = await make_world(double, tmp_path_factory.mktemp("chart-button"))
        status, _out, err = await run_cli("sync", cwd=world.directory, env=double.bot_env())
        assert status == 0, err
        user = await world.person("patient-clicker", locale="fr")
        question = "qui a acheté le plus de puces Hopper ?"
        async with running_bot(world):
            reply = await world.ask(user, "ask", {"question": question}, channel=world.guild)
        [custom_id] = reply.custom_ids()
        assert custom_id.startswith("tally:chart:fr:hopper-gpus:2024:")
        async with running_bot(world):  # a new process: nothing of the first one's memory
            click = await double.send_component(user, reply, custom_id)
            final = await world.final(click)
        assert final.files and final.files[0].data.startswith(PNG)
        assert double.unknown_routes == []
        assert double.unanswered_interactions() == []
