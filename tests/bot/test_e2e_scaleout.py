"""End to end, scale-out: two `python -m bot run` processes (shard 0, shard 1) on one PostgreSQL.

A curator's `/kb set` through the process on shard 0 reaches the answers of the process on shard
1 within a second; so does a `load` from a third process; a dropped listening connection is
replaced and its process catches up; two curators editing one fact at once from the two processes
get one win and one refusal; 20 concurrent edits from both processes are all applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest
import pytest_asyncio

from db.notify import asyncpg_dsn
from knowledge.store import KnowledgeBase
from tests.bot.e2e_support import REPO, START_TIMEOUT, bot_env, embed_text, run_cli
from tests.bot.e2e_support import World as BaseWorld
from tests.conftest import drop_postgres_database, fresh_postgres_database
from tests.discord_double import (
    EVERYONE_PERMISSIONS,
    MANAGE_GUILD,
    BotProcess,
    DiscordDouble,
    Guild,
    User,
    subprocess_bot,
)

pytestmark = [
    pytest.mark.discord,
    pytest.mark.postgres,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.timeout(180),
]


@dataclass
class Cluster:
    """The double, a guild on each shard, a curator and a member in both, two bot processes."""

    world: BaseWorld
    guilds: tuple[Guild, Guild]
    curator: User
    second_curator: User
    member: User
    processes: tuple[BotProcess, BotProcess]

    @property
    def double(self) -> DiscordDouble:
        return self.world.double

    def output(self) -> str:
        return "\n".join(f"--- shard {i} ---\n{p.output()}" for i, p in enumerate(self.processes))


@contextlib.asynccontextmanager
async def _bot(world: BaseWorld, shard: int) -> AsyncIterator[BotProcess]:
    """`python -m bot run` with SHARD_COUNT=2 and SHARD_IDS=shard, until the block ends."""
    env = bot_env(world, SHARD_COUNT="2", SHARD_IDS=str(shard), QUESTION_COOLDOWN_SECONDS="0")
    async with subprocess_bot(
        world.double, "-m", "bot", "run", env=env, cwd=world.directory
    ) as proc:
        try:
            await world.double.wait_for_gateway("ready", shard_id=shard, timeout=START_TIMEOUT)
            yield proc
        except BaseException:
            sys.stderr.write(proc.output())
            raise


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cluster(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cluster]:
    """Two bot processes, shard 0 and shard 1, on one fresh PostgreSQL database."""
    url, name = await fresh_postgres_database()
    directory = tmp_path_factory.mktemp("scaleout")
    try:
        files = sorted(str(p) for p in (REPO / "knowledge" / "data").glob("*.yaml"))
        status, out, err = await run_cli("load", "--db", url, *files, cwd=directory)
        assert status == 0, out + err
        async with DiscordDouble(shard_count=2) as double:
            curator = await double.create_user("curator")
            second = await double.create_user("second-curator")
            member = await double.create_user("member")
            guilds = []
            for shard in (0, 1):
                guild = await double.create_guild(f"Shard {shard}", owner=curator, shard=shard)
                assert guild.shard_id(2) == shard
                for user in (curator, second):
                    await double.add_member(
                        guild, user, permissions=EVERYONE_PERMISSIONS | MANAGE_GUILD
                    )
                await double.add_member(guild, member, permissions=EVERYONE_PERMISSIONS)
                guilds.append(guild)
            world = BaseWorld(
                double, guilds[0], guilds[0].text_channels[0], curator, member, url, directory
            )
            status, _out, err = await run_cli("sync", cwd=directory, env=double.bot_env())
            assert status == 0, err
            async with _bot(world, 0) as shard0, _bot(world, 1) as shard1:
                await double.wait_for_ready(timeout=START_TIMEOUT)
                yield Cluster(
                    world, (guilds[0], guilds[1]), curator, second, member, (shard0, shard1)
                )
    finally:
        await drop_postgres_database(name)


async def kb_set(cluster: Cluster, user: User, shard: int, entity: str, metric: str, period: str,
                 value: str, source: str = "seed-article") -> str:  # fmt: skip
    """`/kb set` in the guild on `shard`; what the final reply says."""
    interaction = await cluster.double.send_slash_command(
        user, "kb set", {"entity": entity, "metric": metric, "period": period, "value": value,
                         "source": source}, channel=cluster.guilds[shard],
    )  # fmt: skip
    assert interaction.shard_id == shard
    return embed_text(await cluster.world.final(interaction))


async def figures_show(cluster: Cluster, shard: int, entity: str, metric: str, shown: str,
                       *, within: float) -> float:  # fmt: skip
    """Ask `/figures` on `shard` until it shows `shown`; the seconds until the asking that did."""
    started = time.monotonic()
    said = ""
    while time.monotonic() - started < within + 2:
        interaction = await cluster.double.send_slash_command(
            cluster.member, "figures", {"entity": entity, "metric": metric},
            channel=cluster.guilds[shard],
        )  # fmt: skip
        assert interaction.shard_id == shard
        said = embed_text(await cluster.world.final(interaction))
        if shown in said:
            assert interaction.dispatched_at is not None
            elapsed = interaction.dispatched_at - started
            assert elapsed < within, f"shard {shard} showed {shown} only after {elapsed:.2f} s"
            return elapsed
        await asyncio.sleep(0.02)
    raise AssertionError(f"shard {shard} never showed {shown}: {said}\n{cluster.output()}")


async def test_both_processes_run_their_own_shard(cluster: Cluster) -> None:
    identified = [r.data["shard"] for r in cluster.double.gateway_log if r.kind == "identify"]
    assert sorted(s[0] for s in identified) == [0, 1]
    assert all(s[1] == 2 for s in identified)
    for process in cluster.processes:
        assert "listening for knowledge changes" in process.output()


async def test_a_kb_set_on_shard_0_changes_the_answers_on_shard_1_within_a_second(
    cluster: Cluster,
) -> None:
    said = await kb_set(cluster, cluster.curator, 0, "meta", "hopper-gpus", "2024", "271828")
    assert "Updated" in said and "271,828" in said, said
    elapsed = await figures_show(cluster, 1, "meta", "hopper-gpus", "271,828", within=1.0)
    print(f"kb set on shard 0 -> answer on shard 1: {elapsed * 1000:.0f} ms")


async def test_a_load_from_a_third_process_reaches_both_within_a_second(
    cluster: Cluster, tmp_path: Path
) -> None:
    change = tmp_path / "change.yaml"
    change.write_text("facts:\n  - {entity: amazon, metric: hopper-gpus, period: '2024', "
                      "value: 314159, approximate: true, source: seed-article}\n")  # fmt: skip
    status, out, err = await run_cli("load", "--db", cluster.world.database_url, str(change),
                                     cwd=cluster.world.directory)  # fmt: skip
    assert status == 0, out + err
    for shard in (0, 1):
        await figures_show(cluster, shard, "amazon", "hopper-gpus", "314,159", within=1.0)


async def test_a_dropped_listener_reconnects_and_its_process_catches_up(cluster: Cluster) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(cluster.world.database_url))
    try:
        database = make_database_name(cluster.world.database_url)
        terminated = await connection.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = $1 AND application_name = 'tally-listener'",
            database,
        )
    finally:
        await connection.close()
    assert terminated == 2  # both processes' listeners
    said = await kb_set(cluster, cluster.curator, 0, "google", "hopper-gpus", "2024", "161803")
    assert "Updated" in said, said
    await figures_show(cluster, 1, "google", "hopper-gpus", "161,803", within=5.0)
    for process in cluster.processes:
        await cluster.double.wait_until(
            lambda p=process: p.output().count("listening for knowledge changes") >= 2,
            timeout=10, what="the listener to reconnect",
        )  # fmt: skip
        assert "lost the knowledge change listener" in process.output()


def make_database_name(url: str) -> str:
    """The database name in a URL."""
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)


async def test_two_curators_editing_one_fact_at_once_from_two_processes(cluster: Cluster) -> None:
    double = cluster.double
    options = {"entity": "microsoft", "metric": "hopper-gpus", "period": "2024",
               "source": "seed-article"}  # fmt: skip
    first = await double.send_slash_command(cluster.curator, "kb set", {**options, "value": "400001"},
                                            channel=cluster.guilds[0])  # fmt: skip
    second = await double.send_slash_command(cluster.second_curator, "kb set",
                                             {**options, "value": "400002"},
                                             channel=cluster.guilds[1])  # fmt: skip
    said = [embed_text(r) for r in await asyncio.gather(cluster.world.final(first),
                                                          cluster.world.final(second))]  # fmt: skip
    outcomes = sorted(
        "Updated" if "Updated" in s else "Refused" if "Refused" in s else s for s in said
    )
    assert outcomes == ["Refused", "Updated"], said
    winner_value = "400,001" if "Updated" in said[0] else "400,002"
    winner = cluster.curator if "Updated" in said[0] else cluster.second_curator
    refused = said[1] if "Updated" in said[0] else said[0]
    assert winner_value in refused and str(winner.id) in refused, refused
    kb = await KnowledgeBase.open(cluster.world.database_url, build_view=False)
    try:
        history = await kb.history("microsoft", "hopper-gpus", limit=2)
    finally:
        await kb.close()
    assert sorted(h.action for h in history) == ["refused", "updated"]
    updated = next(h for h in history if h.action == "updated")
    assert updated.new_value == Decimal(winner_value.replace(",", ""))
    for shard in (0, 1):
        await figures_show(cluster, shard, "microsoft", "hopper-gpus", winner_value, within=1.0)


async def test_twenty_concurrent_edits_from_two_processes_are_all_applied(cluster: Cluster) -> None:
    kb = await KnowledgeBase.open(cluster.world.database_url)
    try:
        facts = sorted(kb.view.preferred_facts(), key=lambda f: f.identity)[:20]
        version = kb.view.version
        interactions = []
        for i, fact in enumerate(facts):
            interactions.append(await cluster.double.send_slash_command(
                cluster.curator, "kb set",
                {"entity": fact.entity, "metric": fact.metric, "period": fact.period,
                 "value": str(fact.value + 3), "source": fact.source},
                channel=cluster.guilds[i % 2],
            ))  # fmt: skip
        said = [
            embed_text(r)
            for r in await asyncio.gather(*(cluster.world.final(i) for i in interactions))
        ]
        assert all("Updated" in s for s in said), said
        assert await kb.stored_version() == version + 20
        stored = {f.identity: f for f in (await kb.export()).facts}
        for fact in facts:
            assert stored[fact.identity].value == fact.value + 3
            assert stored[fact.identity].version == fact.version + 1
    finally:
        await kb.close()
