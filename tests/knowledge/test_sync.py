"""Several knowledge bases on one database, as several processes: changes reach every view.

PostgreSQL tests use two KnowledgeBase instances with their own engines (two processes would
have nothing more in common) and, where said, a real `python -m bot load` subprocess.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest

from db.notify import asyncpg_dsn
from knowledge.model import Fact
from knowledge.store import KnowledgeBase
from knowledge.sync import KnowledgeSync
from tests.conftest import REPO, drop_postgres_database, fresh_postgres_database

META = ("meta", "hopper-gpus", "2024")


class Cluster:
    """Knowledge bases on one database (each as a process would open it), and their syncs."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.kbs: list[KnowledgeBase] = []
        self.syncs: list[KnowledgeSync] = []

    async def open(self, *, seed: bool = False) -> KnowledgeBase:
        kb = await KnowledgeBase.open(self.url, seed=seed)
        self.kbs.append(kb)
        return kb

    async def follow(self, kb: KnowledgeBase, **options: Any) -> KnowledgeSync:
        options.setdefault("application_name", f"tally-test-{uuid.uuid4().hex[:8]}")
        sync = KnowledgeSync(kb, **options)
        await sync.start()
        self.syncs.append(sync)
        return sync

    async def close(self) -> None:
        for sync in self.syncs:
            await sync.stop()
        for kb in self.kbs:
            await kb.close()


@pytest.fixture
async def postgres() -> AsyncIterator[Cluster]:
    url, name = await fresh_postgres_database()
    cluster = Cluster(url)
    try:
        yield cluster
    finally:
        await cluster.close()
        await drop_postgres_database(name)


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Cluster]:
    cluster = Cluster(f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}")
    try:
        yield cluster
    finally:
        await cluster.close()


def _fact(kb: KnowledgeBase, key: tuple[str, str, str] = META) -> Fact:
    fact = kb.view.fact(*key)
    assert fact is not None
    return fact


async def _until(condition: Callable[[], bool], within: float) -> None:
    """Wait until condition() holds; fail after `within` seconds."""
    for _ in range(int(within / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"not true after {within} s")


async def _shows(
    kb: KnowledgeBase, key: tuple[str, str, str], value: Decimal, within: float
) -> float:
    """Seconds until kb's view shows value for key; fail after `within` seconds."""
    started = time.perf_counter()
    while (fact := kb.view.fact(*key)) is None or fact.value != value:
        elapsed = time.perf_counter() - started
        assert elapsed < within, f"the view still shows {fact and fact.value} after {elapsed:.2f} s"
        await asyncio.sleep(0.005)
    return time.perf_counter() - started


@pytest.mark.postgres
async def test_a_change_through_one_process_reaches_the_other_within_a_second(
    postgres: Cluster,
) -> None:
    writer, reader = await postgres.open(seed=True), await postgres.open()
    sync = await postgres.follow(reader)
    assert sync.mode == "listen"
    assert sync.status().listening
    old = _fact(reader)
    started = time.perf_counter()
    change = await writer.set_fact(
        dataclasses.replace(old, value=Decimal("230000")), "curator", old.version
    )
    assert change.action == "updated"
    view = await sync.wait_for_version(writer.view.version, within=1.0)
    assert time.perf_counter() - started < 1.0
    assert view.fact(*META).value == Decimal("230000")  # type: ignore[union-attr]
    assert view.ranking("hopper-gpus", "2024")[1].value == Decimal("230000")
    assert sync.refreshes >= 1


@pytest.mark.postgres
async def test_a_load_from_another_process_reaches_the_view_within_a_second(
    postgres: Cluster, tmp_path: Path
) -> None:
    await postgres.open(seed=True)
    reader = await postgres.open()
    await postgres.follow(reader)
    update = tmp_path / "update.yaml"
    update.write_text(
        "facts:\n  - {entity: meta, metric: hopper-gpus, period: '2024', value: 250000,"
        " approximate: true, source: seed-article}\n",
        encoding="utf-8",
    )
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DISCORD_TOKEN")
    }
    environment["PYTHONPATH"] = str(REPO)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "load", "--db", postgres.url, str(update),
        cwd=tmp_path, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, stderr.decode()
    assert "updated: 1 facts" in stdout.decode()
    # The load committed before the process exited: the view must follow within a second.
    await _shows(reader, META, Decimal("250000"), within=1.0)


async def _terminate_listener(url: str, application_name: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return int(
            await connection.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = $1",
                application_name,
            )
        )
    finally:
        await connection.close()


@pytest.mark.postgres
async def test_a_dropped_listener_reconnects_and_catches_up_with_what_it_missed(
    postgres: Cluster,
) -> None:
    writer, reader = await postgres.open(seed=True), await postgres.open()
    name = f"tally-test-{uuid.uuid4().hex[:8]}"
    # No polling at all: only the full refresh after reconnecting can bring the change in.
    sync = await postgres.follow(
        reader,
        application_name=name,
        poll_while_disconnected=False,
        safety_poll_seconds=None,
        backoff_initial=1.0,
    )
    assert sync.listener is not None
    # its first catch-up ("listening") must be over, or it could bring the change in itself
    await _until(lambda: sync.listener.callbacks >= 1, within=2.0)  # type: ignore[union-attr]
    assert await _terminate_listener(postgres.url, name) == 1
    await _until(lambda: not sync.listener.connected, within=2.0)  # type: ignore[union-attr]
    old = _fact(writer)
    await writer.set_fact(dataclasses.replace(old, value=Decimal("111111")), "curator", old.version)
    assert not sync.listener.connected, "the change must happen while nobody listens"
    assert _fact(reader).value == old.value
    await sync.wait_for_version(writer.view.version, within=5.0)
    assert _fact(reader).value == Decimal("111111")
    assert sync.status().reconnections == 1
    assert sync.status().listening


@pytest.mark.postgres
async def test_own_changes_are_not_refreshed_twice(postgres: Cluster) -> None:
    await postgres.open(seed=True)
    kb = await postgres.open()
    sync = await postgres.follow(kb)
    assert sync.listener is not None
    await _until(lambda: sync.listener.callbacks >= 1, within=2.0)  # type: ignore[union-attr]
    before = sync.refreshes
    old = _fact(kb)
    await kb.set_fact(dataclasses.replace(old, value=Decimal("1")), "curator", old.version)
    assert sync.listener is not None
    await _until(lambda: sync.listener.notifications > 0, within=2.0)  # type: ignore[union-attr]
    await asyncio.sleep(0.1)
    assert sync.refreshes == before, "the writer's own notification needs no second refresh"


@pytest.mark.postgres
async def test_two_curators_editing_the_same_fact_at_once_one_wins_one_is_told(
    postgres: Cluster,
) -> None:
    alice_kb, bob_kb = await postgres.open(seed=True), await postgres.open()
    await postgres.follow(alice_kb)
    await postgres.follow(bob_kb)
    for round_ in range(10):
        seen = _fact(alice_kb)
        bob_seen = _fact(bob_kb)
        assert bob_seen.version == seen.version
        alice_value, bob_value = Decimal(1000 + round_), Decimal(2000 + round_)
        alice, bob = await asyncio.gather(
            alice_kb.set_fact(dataclasses.replace(seen, value=alice_value), "alice", seen.version),
            bob_kb.set_fact(dataclasses.replace(seen, value=bob_value), "bob", seen.version),
        )
        assert sorted((alice.action, bob.action)) == ["refused", "updated"], round_
        winner, loser = (alice, bob) if alice.action == "updated" else (bob, alice)
        winner_name = "alice" if winner is alice else "bob"
        loser_name = "bob" if winner is alice else "alice"
        assert winner.fact is not None and loser.fact is not None
        # The loser is told the value that is now stored, its version and who changed it.
        assert loser.old_value == winner.fact.value
        assert loser.changed_by == winner_name
        assert loser.version == seen.version + 1
        exported = {f.identity: f for f in (await alice_kb.export()).facts}
        assert exported[seen.identity].value == winner.fact.value
        history = await alice_kb.history("meta", "hopper-gpus", limit=2)
        assert {(h.action, h.changed_by, h.new_value) for h in history} == {
            ("updated", winner_name, winner.fact.value),
            ("refused", loser_name, loser.fact.value),
        }
        refused = next(h for h in history if h.action == "refused")
        assert refused.old_value == winner.fact.value
        # Both views follow before the next round starts from the stored version.
        version = max(alice_kb.view.version, bob_kb.view.version)
        for sync in postgres.syncs:
            await sync.wait_for_version(version, within=1.0)
        assert _fact(alice_kb).value == _fact(bob_kb).value == winner.fact.value


@pytest.mark.postgres
async def test_twenty_concurrent_edits_of_different_facts_are_all_applied(
    postgres: Cluster,
) -> None:
    first, second = await postgres.open(seed=True), await postgres.open()
    first_sync, second_sync = await postgres.follow(first), await postgres.follow(second)
    start_version = await first.stored_version()
    facts = sorted(first.view.preferred_facts(), key=lambda f: f.identity)[:20]
    assert len({f.identity for f in facts}) == 20
    edits = [dataclasses.replace(f, value=f.value + 7) for f in facts]
    changes = await asyncio.gather(
        *(
            (first if i % 2 else second).set_fact(edit, f"curator-{i}", edit.version)
            for i, edit in enumerate(edits)
        )
    )
    assert [c.action for c in changes] == ["updated"] * 20
    assert await first.stored_version() == start_version + 20
    stored = {f.identity: f for f in (await first.export()).facts}
    for edit in edits:
        assert stored[edit.identity].value == edit.value
        assert stored[edit.identity].version == edit.version + 1
    for i, edit in enumerate(edits):
        history = await first.history(edit.entity, edit.metric, limit=50)
        assert any(
            h.action == "updated" and h.changed_by == f"curator-{i}" and h.period == edit.period
            for h in history
        )
    for sync in (first_sync, second_sync):
        view = await sync.wait_for_version(start_version + 20, within=1.0)
        for edit in edits:
            assert view.fact(edit.entity, edit.metric, edit.period).value == edit.value  # type: ignore[union-attr]


async def test_on_sqlite_polling_picks_up_a_change_from_another_knowledge_base(
    sqlite: Cluster,
) -> None:
    writer, reader = await sqlite.open(seed=True), await sqlite.open()
    sync = await sqlite.follow(reader, poll_seconds=0.2)
    assert sync.mode == "poll"
    assert sync.listener is None
    old = _fact(writer)
    await writer.set_fact(dataclasses.replace(old, value=Decimal("42")), "curator", old.version)
    assert _fact(reader).value == old.value
    await sync.wait_for_version(writer.view.version, within=2.0)
    assert _fact(reader).value == Decimal("42")
    assert sync.status().last_refresh_at is not None
    assert "version" in sync.status().describe()


async def test_waiting_for_a_version_that_never_comes_times_out(sqlite: Cluster) -> None:
    kb = await sqlite.open(seed=True)
    sync = await sqlite.follow(kb, poll_seconds=0.05)
    with pytest.raises(TimeoutError):
        await sync.wait_for_version(kb.view.version + 1, within=0.3)


async def test_stop_ends_every_task_and_unhooks_the_view(sqlite: Cluster) -> None:
    writer, kb = await sqlite.open(seed=True), await sqlite.open()
    sync = KnowledgeSync(kb, poll_seconds=0.05)
    await sync.start()
    tasks = list(sync._tasks)
    await sync.stop()
    assert all(task.done() for task in tasks)
    assert not sync.status().running
    old = _fact(writer)
    await writer.set_fact(dataclasses.replace(old, value=Decimal("5")), "curator", old.version)
    await asyncio.sleep(0.3)
    assert _fact(kb).value == old.value, "a stopped sync no longer refreshes"
    await sync.stop()  # stopping twice is harmless


@pytest.mark.postgres
async def test_each_refresh_is_logged_with_its_version_and_duration(
    postgres: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    writer, reader = await postgres.open(seed=True), await postgres.open()
    sync = await postgres.follow(reader)
    caplog.set_level(logging.INFO, logger="knowledge")
    old = _fact(writer)
    await writer.set_fact(dataclasses.replace(old, value=Decimal("7")), "curator", old.version)
    await sync.wait_for_version(writer.view.version, within=1.0)
    lines = [r.getMessage() for r in caplog.records if r.name == "knowledge.sync"]
    assert any(f"-> {writer.view.version}" in line and "rebuilt in" in line for line in lines), (
        lines
    )
    assert f"version {writer.view.version}" in sync.status().describe()


async def test_refresh_if_older_rebuilds_only_a_view_behind_the_version(sqlite: Cluster) -> None:
    kb = await sqlite.open(seed=True)
    before = kb.view
    assert not await kb.refresh_if_older(before.version)
    assert kb.view is before
    assert await kb.refresh_if_older(before.version + 1)
    assert kb.view is not before
