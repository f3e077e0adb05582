"""The PostgreSQL change listener: notifications, coalescing, reconnection, clean stop."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy.engine import make_url

from db.notify import Change, ChangeListener, _merge, asyncpg_dsn
from db.writes import NOTIFY_CHANNEL
from tests.conftest import drop_postgres_database, fresh_postgres_database


def test_the_sqlalchemy_url_becomes_an_asyncpg_dsn() -> None:
    dsn = asyncpg_dsn("postgresql+asyncpg://tally:s3cret@db.example:5433/tally")
    assert dsn == "postgresql://tally:s3cret@db.example:5433/tally"
    assert asyncpg_dsn("postgresql://u@h/d") == "postgresql://u@h/d"
    options = "postgresql+asyncpg://u@h/d?ssl=require&prepared_statement_cache_size=0"
    assert asyncpg_dsn(options) == "postgresql://u@h/d?sslmode=require"
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        asyncpg_dsn("sqlite+aiosqlite:///var/tally.db")


def test_merged_changes_keep_the_newest_version_and_any_full_refresh() -> None:
    assert _merge(None, Change(3)) == Change(3)
    assert _merge(Change(3), Change(5)).version == 5
    assert _merge(Change(7), Change(5)).version == 7
    assert _merge(Change(7), Change(None, reason="listening")).version is None
    full = _merge(Change(None, full=True, reason="reconnected"), Change(9))
    assert full.full
    assert full.reason == "reconnected"


class Recorder:
    """Collects the changes a listener delivers, and lets a test wait for one."""

    def __init__(self, delay: float = 0.0) -> None:
        self.changes: list[Change] = []
        self.delay = delay
        self.arrived = asyncio.Event()

    async def __call__(self, change: Change) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        self.changes.append(change)
        self.arrived.set()

    async def wait_for(self, predicate: object, within: float = 5.0) -> Change:
        assert callable(predicate)
        async with asyncio.timeout(within):
            while True:
                for change in self.changes:
                    if predicate(change):
                        return change
                self.arrived.clear()
                await self.arrived.wait()


@pytest.fixture
async def database() -> AsyncIterator[str]:
    url, name = await fresh_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(name)


async def _connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(asyncpg_dsn(url))


async def _notify(url: str, *payloads: str) -> None:
    connection = await _connect(url)
    try:
        for payload in payloads:
            await connection.execute("SELECT pg_notify($1, $2)", NOTIFY_CHANNEL, payload)
    finally:
        await connection.close()


async def _backends(url: str, application_name: str) -> list[int]:
    connection = await _connect(url)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE application_name = $1", application_name
        )
    finally:
        await connection.close()
    return [row["pid"] for row in rows]


async def _terminate(url: str, application_name: str) -> int:
    connection = await _connect(url)
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
async def test_a_notification_reaches_the_callback_with_its_version(database: str) -> None:
    recorder = Recorder()
    name = f"tally-test-{uuid.uuid4().hex[:8]}"
    listener = ChangeListener(database, recorder, application_name=name)
    assert await listener.start()
    try:
        await recorder.wait_for(lambda c: c.reason == "listening")
        await _notify(database, "42")
        change = await recorder.wait_for(lambda c: c.version == 42, within=1.0)
        assert not change.full
        assert listener.notifications == 1
        assert await _backends(database, name) == [listener.backend_pid]
    finally:
        await listener.stop()
    assert await _backends(database, name) == [], "stop() leaves no connection behind"


@pytest.mark.postgres
async def test_a_burst_is_coalesced_and_the_last_version_is_never_dropped(database: str) -> None:
    recorder = Recorder(delay=0.05)  # a slow refresh: notifications pile up meanwhile
    listener = ChangeListener(database, recorder, application_name="tally-test-burst")
    assert await listener.start()
    try:
        await recorder.wait_for(lambda c: c.reason == "listening")
        for version in range(1, 101):
            await _notify(database, str(version))
        await recorder.wait_for(lambda c: c.version == 100, within=5.0)
        await asyncio.sleep(0.2)
        versions = [c.version or 0 for c in recorder.changes if c.reason == "notification"]
        assert listener.notifications == 100
        assert versions[-1] == 100
        assert versions == sorted(versions)
        assert len(versions) < 50, f"{len(versions)} callbacks for 100 notifications"
    finally:
        await listener.stop()


@pytest.mark.postgres
async def test_a_terminated_connection_reconnects_and_asks_for_a_full_refresh(
    database: str,
) -> None:
    recorder = Recorder()
    name = f"tally-test-{uuid.uuid4().hex[:8]}"
    listener = ChangeListener(database, recorder, application_name=name, backoff_initial=0.05)
    assert await listener.start()
    try:
        first_pid = listener.backend_pid
        assert await _terminate(database, name) == 1
        change = await recorder.wait_for(lambda c: c.full, within=5.0)
        assert change.reason == "reconnected"
        assert listener.connections == 2
        assert listener.connected
        assert listener.backend_pid not in (None, first_pid)
        await _notify(database, "7")
        await recorder.wait_for(lambda c: c.version == 7, within=1.0)
    finally:
        await listener.stop()


@pytest.mark.postgres
async def test_a_dead_connection_found_by_the_keepalive_is_replaced(database: str) -> None:
    recorder = Recorder()
    listener = ChangeListener(
        database, recorder, application_name="tally-test-keepalive", keepalive_seconds=0.2
    )
    assert await listener.start()
    try:
        # Simulate a connection that died without telling anyone: the termination listener is
        # gone, so only the keepalive check can notice.
        connection = listener._connection
        assert connection is not None
        connection.remove_termination_listener(listener._on_termination)
        connection.terminate()
        change = await recorder.wait_for(lambda c: c.full, within=5.0)
        assert change.reason == "reconnected"
        assert listener.connections == 2
    finally:
        await listener.stop()


async def test_an_unreachable_server_is_retried_until_stopped() -> None:
    server = make_url("postgresql+asyncpg://tally@127.0.0.1:1/tally")  # nothing listens on port 1
    recorder = Recorder()
    listener = ChangeListener(
        server.render_as_string(hide_password=False), recorder, backoff_initial=0.01
    )
    assert not await listener.start()
    await asyncio.sleep(0.1)
    assert not listener.connected
    await listener.stop()
    assert recorder.changes == []


@pytest.mark.postgres
async def test_a_failing_callback_is_retried_with_the_change_it_missed(database: str) -> None:
    calls: list[Change] = []
    done = asyncio.Event()

    async def flaky(change: Change) -> None:
        calls.append(change)
        if change.version == 5 and len([c for c in calls if c.version == 5]) == 1:
            raise RuntimeError("the database blinked")
        if change.version == 5:
            done.set()

    listener = ChangeListener(
        database, flaky, application_name="tally-test-flaky", backoff_initial=0.01
    )
    assert await listener.start()
    try:
        await asyncio.sleep(0.1)
        await _notify(database, "5")
        await asyncio.wait_for(done.wait(), 2.0)
    finally:
        await listener.stop()
