"""Keep a knowledge base's in-memory view current with changes other processes commit.

On PostgreSQL a `ChangeListener` (db/notify.py) hears each committed change and the view is
rebuilt once per burst; after a lost connection it is rebuilt in full. The stored version is
also polled, every second while the listener is down and every minute regardless. On SQLite
(one bot process, but `load` may run from a shell) it is polled every second.

The bot uses it as:

    self.sync = KnowledgeSync(kb)
    await self.sync.start()
    ...
    await self.sync.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from db.notify import Change, ChangeListener
from knowledge.store import KnowledgeBase
from knowledge.view import KnowledgeView

log = logging.getLogger(__name__)

Mode = Literal["listen", "poll"]


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """How current the view is, for health checks and logs."""

    mode: Mode
    running: bool
    listening: bool
    view_version: int
    last_refresh_at: datetime | None
    last_refresh_seconds: float
    refreshes: int
    reconnections: int

    def describe(self) -> str:
        """One line: version, when the view was last refreshed and how long it took."""
        when = (
            self.last_refresh_at.strftime("%Y-%m-%d %H:%M:%S UTC")
            if self.last_refresh_at
            else "never"
        )
        link = (
            "" if self.mode == "poll" else ("; listening" if self.listening else "; NOT listening")
        )
        return (
            f"knowledge view at version {self.view_version}, last refreshed {when} "
            f"in {self.last_refresh_seconds:.3f} s ({self.mode}{link}, "
            f"{self.reconnections} reconnections)"
        )


class KnowledgeSync:
    """Keeps `kb.view` in step with the database: LISTEN on PostgreSQL, polling on SQLite."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        poll_seconds: float = 1.0,
        poll_while_disconnected: bool = True,
        safety_poll_seconds: float | None = 60.0,
        health_log_seconds: float | None = 300.0,
        application_name: str = "tally-listener",
        **listener_options: Any,
    ) -> None:
        self.kb = kb
        self.mode: Mode = "listen" if kb.engine.dialect.name == "postgresql" else "poll"
        self.poll_seconds = poll_seconds
        self.poll_while_disconnected = poll_while_disconnected
        self.safety_poll_seconds = safety_poll_seconds
        self.health_log_seconds = health_log_seconds
        self.refreshes = 0
        self.listener: ChangeListener | None = None
        if self.mode == "listen":
            self.listener = ChangeListener(
                kb.url, self._apply, application_name=application_name, **listener_options
            )
        self._changed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._lock = asyncio.Lock()
        self._running = False

    async def start(self) -> None:
        """Start following changes (on PostgreSQL, once LISTEN is up or has failed once)."""
        if self._running:
            raise RuntimeError("the knowledge sync is already started")
        self._running = True
        self.kb.add_refresh_hook(self._on_refresh)
        if self.listener is not None and not await self.listener.start():
            log.warning("not yet listening for knowledge changes: polling until the listener is up")
        self._tasks.append(asyncio.create_task(self._poll(), name="tally-knowledge-poll"))
        if self.health_log_seconds:
            self._tasks.append(
                asyncio.create_task(self._log_health(), name="tally-knowledge-health")
            )
        try:
            # Catch up with what changed since the view was built: once start() returns, the
            # view is current and every later change is heard.
            await self._apply(Change(None, reason="start"))
        except Exception as error:  # the poll (and the listener) will try again
            log.warning("checking the knowledge version failed: %s", error)
        log.info(
            "following knowledge changes on %s by %s",
            self.kb.describe(),
            "LISTEN/NOTIFY" if self.mode == "listen" else f"polling every {self.poll_seconds:g} s",
        )

    async def stop(self) -> None:
        """Stop following changes and end every background task (the view stays as it is)."""
        if not self._running:
            return
        self._running = False
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self.listener is not None:
            await self.listener.stop()
        self.kb.remove_refresh_hook(self._on_refresh)

    async def wait_for_version(self, version: int, within: float | None = None) -> KnowledgeView:
        """Wait until the view holds knowledge version `version` or newer; TimeoutError if not."""
        async with asyncio.timeout(within):
            while self.kb.view.version < version:
                changed = self._changed
                await changed.wait()
        return self.kb.view

    def status(self) -> SyncStatus:
        """The view's version, its last refresh and whether changes are being heard."""
        at = self.kb.last_refresh_at
        return SyncStatus(
            mode=self.mode,
            running=self._running,
            listening=self.listener is not None and self.listener.connected,
            view_version=self.kb.view.version,
            last_refresh_at=None if at is None else datetime.fromtimestamp(at, UTC),
            last_refresh_seconds=self.kb.last_refresh_seconds,
            refreshes=self.refreshes,
            reconnections=max(0, self.listener.connections - 1) if self.listener else 0,
        )

    def _on_refresh(self, _view: KnowledgeView) -> None:
        # Called inside KnowledgeBase.refresh just before it installs the view, with no await
        # in between: waiters woken here run after the new view is in place.
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def _apply(self, change: Change) -> None:
        """Bring the view up to date for one (coalesced) change."""
        async with self._lock:
            noticed = time.perf_counter()
            before = self.kb.view.version
            if change.full:
                await self.kb.refresh()
            elif change.version is not None:
                # Nothing to do when this process wrote it (and refreshed, or is refreshing),
                # or when an earlier refresh already read it.
                if not await self.kb.refresh_if_older(change.version):
                    return
            elif not await self.kb.refresh_if_changed():
                return
            self.refreshes += 1
            log.info(
                "knowledge view refreshed after %s: version %d -> %d, %s, rebuilt in %.3f s "
                "(%.3f s after it was noticed)",
                change.reason,
                before,
                self.kb.view.version,
                "full refresh" if change.full else "changed",
                self.kb.last_refresh_seconds,
                time.perf_counter() - noticed,
            )

    def _poll_due(self, elapsed: float) -> bool:
        if self.listener is None:
            return True
        if not self.listener.connected and self.poll_while_disconnected:
            return True
        return self.safety_poll_seconds is not None and elapsed >= self.safety_poll_seconds

    async def _poll(self) -> None:
        """Compare the stored version with the view's: on SQLite, or on PostgreSQL as a net."""
        last = time.monotonic()
        while True:
            await asyncio.sleep(self.poll_seconds)
            if not self._poll_due(time.monotonic() - last):
                continue
            last = time.monotonic()
            try:
                await self._apply(Change(None, reason="poll"))
            except Exception as error:  # the database may be briefly away: try again next time
                log.warning("checking the knowledge version failed: %s", error)

    async def _log_health(self) -> None:
        assert self.health_log_seconds
        while True:
            await asyncio.sleep(self.health_log_seconds)
            log.info("%s", self.status().describe())
