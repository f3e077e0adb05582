"""End to end, curation: who may curate, edits the next answer sees, import, export, history."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
import yaml

from tests.bot.e2e_support import World, embed_text, make_world, run_cli, running_bot
from tests.discord_double import CommandNotAvailable, DiscordDouble, FileUpload, User

pytestmark = [
    pytest.mark.discord,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.timeout(120),
]

SALT = "e2e-salt"
BAD_FILE = b"""\
facts:
  - entity: microsoft
    metric: hopper-gpus
    period: "2024-Q5"
    value: 1
    source: seed-article
  - entity: nobody-inc
    metric: hopper-gpus
    period: "2024"
    value: 2
    source: seed-article
  - entity: meta
    metric: hopper-gpus
    period: "2022"
    value: 12345
    source: nowhere
"""
GOOD_FILE = b"""\
facts:
  - entity: tesla
    metric: hopper-gpus
    period: "2022"
    value: 4321
    source: seed-article
"""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    """One bot for the module; the view polls rarely, so an outside change leaves it stale."""
    async with DiscordDouble() as double:
        world = await make_world(double, tmp_path_factory.mktemp("curation"))
        status, _out, err = await run_cli("sync", cwd=world.directory, env=double.bot_env())
        assert status == 0, err
        owner = await world.person("owner")
        async with running_bot(world, OWNER_IDS=str(owner.id), KNOWLEDGE_POLL_SECONDS="3600",
                               QUESTION_COOLDOWN_SECONDS="0"):  # fmt: skip
            world.owner = owner  # type: ignore[attr-defined]
            yield world
            assert double.unknown_routes == []


async def kb(world: World, user: User, sub: str, options: dict[str, object] | None = None, *,
             dm: bool = False) -> str:  # fmt: skip
    """Run `/kb SUB` and return what the final (ephemeral) reply says."""
    interaction = await world.double.send_slash_command(user, f"kb {sub}", options or {},
                                                        channel=None if dm else world.guild)  # fmt: skip
    reply = await world.final(interaction)
    assert reply.ephemeral
    return embed_text(reply) + "".join(f"\n[file {f.filename}]" for f in reply.files)


async def test_discord_hides_kb_from_members_and_dms(world: World) -> None:
    with pytest.raises(CommandNotAvailable):
        await world.double.send_slash_command(world.member, "kb export", channel=world.guild)
    with pytest.raises(CommandNotAvailable):
        await world.double.send_slash_command(world.admin, "kb export", channel=None)


async def test_the_bot_itself_refuses_members_and_dms(world: World) -> None:
    # Discord's gate can be changed by server admins; the bot checks again.
    world.double.strict_commands = False
    try:
        said = await kb(world, world.member, "set", {"entity": "meta", "metric": "hopper-gpus",
                        "period": "2024", "value": "1", "source": "seed-article"})  # fmt: skip
        assert "Manage Server" in said
        said = await kb(world, world.admin, "export", dm=True)
        assert "only in a server" in said
    finally:
        world.double.strict_commands = True
    figures = await world.ask(world.member, "figures", {"entity": "meta", "metric": "hopper-gpus"},
                              channel=world.guild)  # fmt: skip
    assert "224,000" in embed_text(figures)


async def test_an_admin_edit_changes_the_next_answer_and_keeps_the_quote(world: World) -> None:
    said = await kb(world, world.admin, "set", {"entity": "microsoft", "metric": "hopper-gpus",
                    "period": "2024", "value": "500000", "source": "seed-article"})  # fmt: skip
    assert "Updated" in said and "500,000" in said and "485,000" in said
    reply = await world.ask(world.member, "ask",
                            {"question": "How many Hopper chips did Microsoft buy in 2024?"},
                            channel=world.guild)  # fmt: skip
    assert "500,000" in reply.embeds[0]["description"]
    exported = await export(world, world.admin)
    fact = next(f for f in exported["facts"] if (f["entity"], f["metric"], f["period"],
                f["source"]) == ("microsoft", "hopper-gpus", "2024", "seed-article"))  # fmt: skip
    assert fact["value"] == 500000
    assert fact["approximate"] is True and "485 000" in fact["quote"] and fact["note"]["en"]


async def test_an_owner_without_manage_server_may_curate(world: World) -> None:
    owner: User = world.owner  # type: ignore[attr-defined]
    # Discord shows /kb to Manage Server only, unless the server grants it to the owner in its
    # integration settings (which the double does not model): the bot then lets the owner in.
    world.double.strict_commands = False
    try:
        said = await kb(world, owner, "set", {"entity": "oracle", "metric": "hopper-gpus",
                        "period": "2021", "value": "10", "source": "seed-article"})  # fmt: skip
    finally:
        world.double.strict_commands = True
    assert "Added" in said


async def test_history_names_the_discord_curator(world: World) -> None:
    said = await kb(world, world.admin, "history", {"entity": "microsoft", "metric": "hopper-gpus"})
    assert f"discord:{world.admin.id}:admin" in said
    assert "updated" in said and "500,000" in said


async def test_a_stale_edit_is_refused_with_the_current_value(world: World, tmp_path: Path) -> None:
    change = tmp_path / "change.yaml"
    change.write_text('facts:\n  - {entity: google, metric: hopper-gpus, period: "2024", '
                      "value: 170000, approximate: true, source: seed-article}\n")  # fmt: skip
    status, out, err = await run_cli("load", "--db", world.database_url, str(change),
                                     cwd=world.directory)  # fmt: skip
    assert status == 0, out + err
    said = await kb(world, world.admin, "set", {"entity": "google", "metric": "hopper-gpus",
                    "period": "2024", "value": "175000", "source": "seed-article"})  # fmt: skip
    assert "Refused" in said and "170,000" in said
    again = await kb(world, world.admin, "set", {"entity": "google", "metric": "hopper-gpus",
                     "period": "2024", "value": "175000", "source": "seed-article"})  # fmt: skip
    assert "Updated" in again and "175,000" in again


async def test_a_bad_import_lists_every_error_and_writes_nothing(world: World) -> None:
    before = await export(world, world.admin)
    said = await kb(world, world.admin, "import", {"file": FileUpload("bad.yaml", BAD_FILE)})
    assert "3 problem(s) in bad.yaml; nothing was written" in said
    problem_lines = [line for line in said.splitlines() if line.startswith("bad.yaml:")]
    assert len(problem_lines) == 3, said
    assert any("2024-Q5" in line for line in problem_lines)
    assert any("nobody-inc" in line for line in problem_lines)
    assert any("nowhere" in line for line in problem_lines)
    assert await export(world, world.admin) == before


async def test_a_good_import_is_written_and_answered(world: World) -> None:
    said = await kb(world, world.admin, "import", {"file": FileUpload("good.yaml", GOOD_FILE)})
    assert "Imported good.yaml: 1 added" in said
    figures = await world.ask(world.member, "figures", {"entity": "tesla", "metric": "hopper-gpus"},
                              channel=world.guild)  # fmt: skip
    assert "4,321" in embed_text(figures)


async def test_export_is_a_yaml_attachment(world: World) -> None:
    document = await export(world, world.admin)
    assert {"sources", "entities", "metrics", "facts"} <= set(document)
    assert len(document["facts"]) > 20


async def test_unanswered_questions_and_hashed_user_ids(world: World) -> None:
    asker = await world.person("asker-of-odd-things")
    odd = "how many Blackwell chips did Nokia buy?"
    await world.ask(asker, "ask", {"question": odd}, channel=world.guild)
    said = await kb(world, world.admin, "unanswered")
    assert "Blackwell" in said
    database = world.database_url.split("///", 1)[1]
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT text, origin, user_hash FROM question_log").fetchall()
    mine = [row for row in rows if row[0] == odd]
    assert mine and mine[0][1] == "discord"
    assert mine[0][2] == hashlib.sha256(f"{SALT}{asker.id}".encode()).hexdigest()
    dumped = repr(rows)
    assert str(asker.id) not in dumped and "asker-of-odd-things" not in dumped


async def export(world: World, user: User) -> dict[str, object]:
    """The knowledge as `/kb export` gives it."""
    interaction = await world.double.send_slash_command(user, "kb export", channel=world.guild)
    reply = await world.final(interaction)
    [file] = reply.files
    assert file.filename.endswith(".yaml")
    document = yaml.safe_load(file.data.decode("utf-8"))
    assert isinstance(document, dict)
    return document


async def test_a_database_outage_is_reported_and_the_bot_stays_up(world: World) -> None:
    # Another process holding the write lock past SQLite's busy timeout: writes fail as they
    # would with a database that is down.
    database = world.database_url.split("///", 1)[1]
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        said = await kb(world, world.admin, "set", {"entity": "meta", "metric": "hopper-gpus",
                        "period": "2020", "value": "1", "source": "seed-article"})  # fmt: skip
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert said == "The knowledge base is unavailable right now. Please try again in a moment."
    reply = await world.ask(world.member, "ask", {"question": "Meta"}, channel=world.guild)
    assert "Meta" in embed_text(reply)
    said = await kb(world, world.admin, "set", {"entity": "meta", "metric": "hopper-gpus",
                    "period": "2020", "value": "1", "source": "seed-article"})  # fmt: skip
    assert "Added" in said
