"""Listen for knowledge changes on PostgreSQL: LISTEN on a dedicated connection, reconnect on loss.

Writers send `pg_notify('tally_knowledge', <version>)` in the transaction that changes the
knowledge (db/writes.py), so a notification arrives only once its change is committed. A
`ChangeListener` turns those notifications into calls of one async callback, coalesced so a
burst of changes costs one refresh and the last change is never dropped. When its connection
is lost it reconnects with backoff and asks for a full refresh, since notifications sent while
it was away are gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information
from sqlalchemy.engine import URL, make_url

from db.session import describe_url
from db.writes import NOTIFY_CHANNEL

log = logging.getLogger(__name__)

DEFAULT_APPLICATION_NAME = "tally-listener"
# URL query options the SQLAlchemy dialect consumes itself; asyncpg's DSN parser would pass them
# to the server as settings, which it refuses.
_SQLALCHEMY_ONLY = frozenset(
    {"prepared_statement_cache_size", "prepared_statement_name_func", "async_fallback"}
)


@dataclass(frozen=True, slots=True)
class Change:
    """What the callback is asked to do: follow one version, check, or rebuild everything."""

    version: int | None  # the newest notified version; None asks to compare with the database
    full: bool = False  # True after a reconnection: changes may have been missed
    reason: str = "notification"


ChangeCallback = Callable[[Change], Awaitable[None]]


def asyncpg_dsn(url: str | URL) -> str:
    """The asyncpg DSN for a SQLAlchemy PostgreSQL URL (`postgresql+asyncpg://` -> `postgresql://`)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"not a PostgreSQL URL: {describe_url(str(url))}")
    query = {k: v for k, v in parsed.query.items() if k not in _SQLALCHEMY_ONLY}
    if "ssl" in query:  # SQLAlchemy passes `ssl=` to asyncpg.connect; a DSN says `sslmode=`
        query.setdefault("sslmode", query.pop("ssl"))
    return parsed.set(drivername="postgresql", query=query).render_as_string(hide_password=False)


def _merge(pending: Change | None, new: Change) -> Change:
    """One change that covers both: full wins, then a check, then the newest version."""
    if pending is None:
        return new
    full = pending.full or new.full
    if pending.version is None or new.version is None:
        version = None
    else:
        version = max(pending.version, new.version)
    reason = new.reason if new.full or not pending.full else pending.reason
    return Change(version, full, reason)


def _parse_version(payload: str) -> int | None:
    try:
        return int(payload)
    except ValueError:
        return None


class ChangeListener:
    """LISTENs for knowledge changes on a dedicated asyncpg connection and calls back, coalesced."""

    def __init__(
        self,
        url: str,
        on_change: ChangeCallback,
        *,
        channel: str = NOTIFY_CHANNEL,
        application_name: str = DEFAULT_APPLICATION_NAME,
        debounce_seconds: float = 0.02,
        keepalive_seconds: float = 10.0,
        keepalive_timeout: float = 5.0,
        connect_timeout: float = 10.0,
        backoff_initial: float = 0.1,
        backoff_max: float = 10.0,
    ) -> None:
        self.dsn = asyncpg_dsn(url)
        self.description = describe_url(url)
        self.on_change = on_change
        self.channel = channel
        self.application_name = application_name
        self.debounce_seconds = debounce_seconds
        self.keepalive_seconds = keepalive_seconds
        self.keepalive_timeout = keepalive_timeout
        self.connect_timeout = connect_timeout
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.connections = 0  # successful connections so far; above 1 means reconnections
        self.notifications = 0
        self.callbacks = 0
        self._connection: asyncpg.Connection | None = None
        self._lost = asyncio.Event()
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._connected = asyncio.Event()
        self._pending: Change | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._worker: asyncio.Task[None] | None = None

    @property
    def connected(self) -> bool:
        """True while the LISTEN connection is up."""
        return self._connected.is_set()

    @property
    def backend_pid(self) -> int | None:
        """The server process id of the listening connection, when connected."""
        connection = self._connection
        return None if connection is None or connection.is_closed() else connection.get_server_pid()

    async def start(self) -> bool:
        """Start listening; return whether the first connection succeeded (it retries anyway)."""
        if self._supervisor is not None:
            raise RuntimeError("the listener is already started")
        self._stopping.clear()
        first_attempt = asyncio.get_running_loop().create_future()
        self._worker = asyncio.create_task(self._deliver(), name="tally-listener-callback")
        self._supervisor = asyncio.create_task(
            self._supervise(first_attempt), name="tally-listener-connection"
        )
        return bool(await first_attempt)

    async def wait_connected(self, within: float | None = None) -> bool:
        """Wait (at most `within` seconds) until the LISTEN connection is up; False if not."""
        try:
            await asyncio.wait_for(self._connected.wait(), within)
        except TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        """Stop listening, close the connection and end the background tasks."""
        self._stopping.set()
        self._wake.set()
        tasks = [task for task in (self._supervisor, self._worker) if task is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._supervisor = self._worker = None
        await self._close_connection()

    def request(self, change: Change) -> None:
        """Queue a change for the callback (merged with any change not yet delivered)."""
        self._pending = _merge(self._pending, change)
        self._wake.set()

    # The connection ---------------------------------------------------------------------------

    async def _supervise(self, first_attempt: asyncio.Future[bool]) -> None:
        delay = self.backoff_initial
        while not self._stopping.is_set():
            try:
                await self._connect()
            except Exception as error:  # any failure to connect is retried, never fatal
                if not first_attempt.done():
                    first_attempt.set_result(False)
                log.warning(
                    "cannot listen for knowledge changes on %s: %s; retrying in %.2f s",
                    self.description,
                    error,
                    delay,
                )
                await self._sleep(delay * (1 + random.random() / 4))
                delay = min(delay * 2, self.backoff_max)
                continue
            delay = self.backoff_initial
            # Catch up with whatever was committed before LISTEN took effect.
            if self.connections == 1:
                self.request(Change(None, reason="listening"))
            else:
                self.request(Change(None, full=True, reason="reconnected"))
            if not first_attempt.done():
                first_attempt.set_result(True)
            await self._watch()
            self._connected.clear()
            await self._close_connection()
            if not self._stopping.is_set():
                log.warning(
                    "lost the knowledge change listener on %s; reconnecting in %.1f s",
                    self.description,
                    delay,
                )
                await self._sleep(delay)

    async def _connect(self) -> None:
        self._lost.clear()
        connection: asyncpg.Connection = await asyncpg.connect(
            self.dsn,
            timeout=self.connect_timeout,
            server_settings={"application_name": self.application_name},
        )
        try:
            connection.add_termination_listener(self._on_termination)
            await connection.add_listener(self.channel, self._on_notification)
        except BaseException:
            connection.terminate()
            raise
        self._connection = connection
        self.connections += 1
        self._connected.set()
        log.info(
            "listening for knowledge changes on %s (channel %s, backend pid %d)",
            self.description,
            self.channel,
            connection.get_server_pid(),
        )

    async def _watch(self) -> None:
        """Return when the connection is lost (or stopping); check it every keepalive period."""
        while not self._stopping.is_set():
            try:
                await asyncio.wait_for(self._lost.wait(), self.keepalive_seconds)
            except TimeoutError:
                if not await self._alive():
                    return
            else:
                return

    async def _alive(self) -> bool:
        connection = self._connection
        if connection is None or connection.is_closed():
            return False
        try:
            await connection.fetchval("SELECT 1", timeout=self.keepalive_timeout)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
            log.warning("the knowledge change listener failed its keepalive: %s", error)
            return False
        return True

    async def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        self._connected.clear()
        if connection is None or connection.is_closed():
            return
        try:
            await asyncio.wait_for(connection.close(), 2.0)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
            connection.terminate()

    def _on_termination(self, _connection: Any) -> None:
        self._lost.set()
        self._wake.set()

    def _on_notification(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        self.notifications += 1
        self.request(Change(_parse_version(payload)))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    # Delivery ---------------------------------------------------------------------------------

    async def _deliver(self) -> None:
        """Call back once per burst; changes that arrive meanwhile make one more call."""
        retry = self.backoff_initial
        while not self._stopping.is_set():
            await self._wake.wait()
            self._wake.clear()
            if self._pending is None:
                continue
            if self.debounce_seconds:
                await asyncio.sleep(self.debounce_seconds)
            change, self._pending = self._pending, None
            try:
                await self.on_change(change)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("refreshing after a knowledge change failed; retrying")
                self._pending = _merge(self._pending, change)
                await self._sleep(retry)
                retry = min(retry * 2, self.backoff_max)
                self._wake.set()
                continue
            retry = self.backoff_initial
            self.callbacks += 1
