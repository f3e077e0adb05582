"""The knowledge base: the database behind, the in-memory view in front, kept in step."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db import questions, repo, writes
from db.session import (
    create_engine,
    default_database_url,
    describe_url,
    make_sessionmaker,
    translate_errors,
    upgrade,
)
from knowledge import format as knowledge_format
from knowledge.lexicon import CACHE_KEY as LEXICON_KEY
from knowledge.lexicon import lexicon_for
from knowledge.merging import collector_paused
from knowledge.model import Fact, KnowledgeSet
from knowledge.view import Cell, KnowledgeView, patch_view

log = logging.getLogger(__name__)
SEED_DIRECTORY = Path(__file__).with_name("data")
T = TypeVar("T")
MAX_PATCHED_CELLS = 1_000  # more changed facts than this: a full rebuild is as quick
FREEZE_FROM_FACTS = 100_000  # a smaller view's objects are walked by the collector in ms
FREED_AT_ONCE = 10_000  # a few ms of freeing between two chances for the loop to run
REFRESH_KIND_KEY = "store.refresh_kind"  # in view.cache: "full", or "incremental" (patched)
RefreshHook = Callable[[KnowledgeView], None]


def seed_files() -> list[Path]:
    """The knowledge files shipped with Tally."""
    return sorted(SEED_DIRECTORY.glob("*.yaml"))


class KnowledgeBase:
    """Reads and writes the knowledge; answers read `view`, refreshed after every change."""

    def __init__(self, engine: AsyncEngine, *, on_refresh: Iterable[RefreshHook] = ()) -> None:
        self.engine = engine
        self.url = str(engine.url)
        self.sessions: async_sessionmaker[AsyncSession] = make_sessionmaker(engine)
        self._view = KnowledgeView.build(KnowledgeSet(), version=-1)
        self._on_refresh = list(on_refresh)
        self._refresh_lock = asyncio.Lock()
        self.last_refresh_seconds = 0.0
        self.last_refresh_kind = "none"  # "full" or "incremental"
        self.last_refresh_at: float | None = None

    @classmethod
    async def open(
        cls,
        url: str | None = None,
        *,
        seed: bool | None = None,
        build_view: bool = True,
        on_refresh: Iterable[RefreshHook] = (),
    ) -> KnowledgeBase:
        """Connect, migrate, seed an embedded database on first use, and build the view."""
        engine = create_engine(url or default_database_url())
        kb = cls(engine, on_refresh=on_refresh)
        try:
            await upgrade(engine)
            # The embedded default is seeded; a database named by URL holds only what is loaded.
            if seed if seed is not None else url is None:
                await kb.seed_if_empty()
            if build_view:
                await kb.refresh()
        except BaseException:
            await engine.dispose()
            raise
        return kb

    @property
    def view(self) -> KnowledgeView:
        """The current in-memory view of the knowledge."""
        return self._view

    def add_refresh_hook(self, hook: RefreshHook) -> None:
        """Call `hook(view)` after every refresh (to rebuild derived structures)."""
        self._on_refresh.append(hook)
        hook(self._view)

    def remove_refresh_hook(self, hook: RefreshHook) -> None:
        """Stop calling a hook added with `add_refresh_hook` (nothing if it is not there)."""
        if hook in self._on_refresh:
            self._on_refresh.remove(hook)

    async def run(self, work: Callable[[AsyncSession], Awaitable[T]], *, commit: bool = False) -> T:
        """Run work in one session (one transaction when committing), with clear errors."""
        async with translate_errors(self.url), self.sessions() as session:
            if not commit:
                return await work(session)
            async with session.begin():
                return await work(session)

    async def seed_if_empty(self) -> None:
        """Load the shipped knowledge into an empty database."""
        counts = await self.run(writes.count_rows)
        if not any(counts.values()):
            report = await self.load_files(seed_files(), actor="seed", refresh=False)
            log.info("seeded the knowledge base: %s", dict(report.added))

    async def refresh(self) -> KnowledgeView:
        """Rebuild the view from the database."""
        async with self._refresh_lock:
            return await self._rebuild()

    async def refresh_if_older(self, version: int) -> bool:
        """Refresh unless the view holds `version` or newer once any refresh under way is done."""
        async with self._refresh_lock:
            if self._view.version >= version:
                return False
            await self._catch_up()
            return True

    async def catch_up(self) -> KnowledgeView:
        """Bring the view up to what is stored: patched for single-fact edits, else rebuilt."""
        async with self._refresh_lock:
            return await self._catch_up()

    async def _rebuild(self) -> KnowledgeView:
        """Read everything and install a new view; the caller holds the refresh lock."""
        started = time.perf_counter()
        # A million new objects would have the cyclic collector walk them again and again,
        # holding the GIL 0.2-0.6 s a pass on whichever thread allocates: paused until the view
        # they replace is freed (a collection then would walk both), then frozen.
        with collector_paused():
            version, knowledge = await self.run(_read_everything)
            large = len(knowledge.facts) >= FREEZE_FROM_FACTS
            if large:
                _tidy_after_reading()
            # Seconds of pure Python at a million facts: in a worker thread, the event loop keeps
            # answering from the current view meanwhile (the GIL is handed over every few ms).
            handed = [knowledge]  # handed over, so that the thread can free it before the lexicon
            del knowledge
            view = await asyncio.to_thread(_build_view, handed, version)
            replaced = [self._view]
            self._swap(view, "full", started)
            await asyncio.to_thread(_release, replaced)
            if large:
                # Else the collector's first passes once resumed would walk the whole new view.
                # Frozen objects are still freed by reference counting, and views hold no cycles.
                gc.freeze()
        return view

    async def _catch_up(self) -> KnowledgeView:
        """Patch the view with the facts changed since it was built, or rebuild it in full.

        Patching needs every change since the view's version on record and each one a single
        fact's (a load changes anything); the caller holds the refresh lock.
        """
        started = time.perf_counter()
        since = self._view.version

        async def read(session: AsyncSession) -> tuple[int, set[Cell], list[Fact]] | None:
            changes = await repo.changes_since(session, since)
            versions = [number for number, _ in changes]
            cells = {cell for _, cell in changes if cell is not None}
            if (
                since == 0
                or not changes
                or versions != list(range(since + 1, since + 1 + len(versions)))  # pruned
                or any(cell is None for _, cell in changes)  # a load
                or len(cells) > MAX_PATCHED_CELLS
            ):
                return None
            return versions[-1], cells, await repo.load_cell_facts(session, cells)

        patch = await self.run(read)
        if patch is None or not self._knows_keys(patch[2]):
            return await self._rebuild()
        version, cells, current = patch
        view = await asyncio.to_thread(
            patch_view, self._view, version, cells, current, (LEXICON_KEY,)
        )
        self._swap(view, "incremental", started)
        return view

    def _knows_keys(self, facts: list[Fact]) -> bool:
        """Whether the view defines every key the facts name (else definitions changed too)."""
        view = self._view
        return all(
            f.entity in view.entities and f.metric in view.metrics and f.source in view.sources
            for f in facts
        )

    def _swap(self, view: KnowledgeView, kind: str, started: float) -> None:
        """Run the refresh hooks on the new view, then install it (no await in between)."""
        view.cache[REFRESH_KIND_KEY] = kind
        for hook in self._on_refresh:
            hook(view)
        self._install(view, kind, started)

    def _install(self, view: KnowledgeView, kind: str, started: float) -> None:
        self._view = view
        self.last_refresh_seconds = time.perf_counter() - started
        self.last_refresh_at = time.time()
        self.last_refresh_kind = kind
        log.info(
            "knowledge view refreshed (%s): version %d, %d facts, %.3f s",
            kind,
            view.version,
            len(view.facts),
            self.last_refresh_seconds,
        )

    async def stored_version(self) -> int:
        """The knowledge version in the database (it may be ahead of the view)."""
        return await self.run(repo.knowledge_version)

    async def refresh_if_changed(self) -> bool:
        """Refresh when the database holds a newer version than the view."""
        if await self.stored_version() != self._view.version:
            await self.catch_up()
            return True
        return False

    async def validate_files(self, paths: Iterable[Path | str]) -> KnowledgeSet:
        """Validate files against each other and the keys already stored."""
        known = await self.run(repo.known_keys)
        return knowledge_format.load_files(paths, known)

    async def apply(
        self, knowledge: KnowledgeSet, actor: str, *, refresh: bool = True
    ) -> writes.LoadReport:
        """Write validated knowledge in one transaction, then refresh the view."""

        async def write(session: AsyncSession) -> writes.LoadReport:
            return await writes.apply_knowledge(session, knowledge, actor)

        report = await self.run(write, commit=True)
        if refresh and report.changed:
            await self.refresh()
        return report

    async def load_files(
        self, paths: Iterable[Path | str], actor: str, *, refresh: bool = True
    ) -> writes.LoadReport:
        """Validate then write knowledge files; nothing is written if any file is wrong."""
        knowledge = await self.validate_files(list(paths))
        return await self.apply(knowledge, actor, refresh=refresh)

    async def load_text(self, text: str, name: str, actor: str) -> writes.LoadReport:
        """Validate then write one knowledge file given as text (an attachment)."""
        known = await self.run(repo.known_keys)
        knowledge = knowledge_format.load_text(text, name, known)
        return await self.apply(knowledge, actor)

    async def set_fact(
        self, fact: Fact, actor: str, expected_version: int | None = None
    ) -> writes.FactChange:
        """Add or change one fact (refused if its version moved on), then refresh."""

        async def write(session: AsyncSession) -> writes.FactChange:
            return await writes.set_fact(session, fact, actor, expected_version)

        change = await self.run(write, commit=True)
        if change.action in ("added", "updated"):
            await self.catch_up()
        return change

    async def remove_fact(
        self, fact: Fact, actor: str, expected_version: int | None = None
    ) -> writes.FactChange:
        """Remove one fact (refused if its version moved on), then refresh."""

        async def write(session: AsyncSession) -> writes.FactChange:
            return await writes.remove_fact(session, fact, actor, expected_version)

        change = await self.run(write, commit=True)
        if change.action == "removed":
            await self.catch_up()
        return change

    async def history(
        self, entity: str, metric: str | None = None, limit: int = 20
    ) -> list[repo.HistoryEntry]:
        """The latest changes to an entity's facts."""

        async def read(session: AsyncSession) -> list[repo.HistoryEntry]:
            return await repo.fact_history(session, entity, metric, limit)

        return await self.run(read)

    async def prune_history(self, keep_days: float, *, now: datetime | None = None) -> int:
        """Delete recorded fact changes older than `keep_days`; return how many went."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=keep_days)

        async def prune(session: AsyncSession) -> int:
            return await writes.prune_history(session, cutoff)

        return await self.run(prune, commit=True)

    async def export(self) -> KnowledgeSet:
        """Everything stored, read fresh from the database."""
        return await self.run(repo.load_knowledge)

    async def log_questions(self, entries: list[questions.LoggedQuestion]) -> None:
        """Record asked questions."""

        async def write(session: AsyncSession) -> None:
            await questions.log_questions(session, entries)

        await self.run(write, commit=True)

    async def unanswered(self, limit: int = 20) -> list[questions.UnansweredQuestion]:
        """What was asked and not answered, most asked first."""

        async def read(session: AsyncSession) -> list[questions.UnansweredQuestion]:
            return await questions.unanswered(session, limit)

        return await self.run(read)

    async def counts(self) -> dict[str, int]:
        """How many of each kind are stored."""
        return await self.run(writes.count_rows)

    def describe(self) -> str:
        """The database URL with its password hidden."""
        return describe_url(self.url)

    async def close(self) -> None:
        """Release the database connections."""
        await self.engine.dispose()


async def _read_everything(session: AsyncSession) -> tuple[int, KnowledgeSet]:
    """The knowledge version and everything stored, in one session."""
    version = await repo.knowledge_version(session)
    return version, await repo.load_knowledge(session)


def _tidy_after_reading() -> None:
    """Freeze what was read, then run a collection that has nothing left to walk.

    The collection still empties the interpreter's free lists of the rows' objects, for the
    build to reuse (0.6 MB less at the peak at a million facts). What was read lives on in the
    view or is freed by reference counting: frozen, it is never walked.
    """
    gc.freeze()
    gc.collect()


def _build_view(handed: list[KnowledgeSet], version: int) -> KnowledgeView:
    """The view and its lexicon, built off the event loop; nobody else sees them yet."""
    # popped: the view holds what it needs, and the lists go before the lexicon is built
    view = KnowledgeView.build(handed.pop(), version)
    try:
        lexicon_for(view)  # the names index, built with the view rather than on a question
    except Exception:  # answering builds it lazily then; a refresh must not fail for it
        log.exception("could not build the lexicon for view %s", version)
    return view


def _release(replaced: list[KnowledgeView]) -> None:
    """Free a replaced view off the event loop, a slice at a time, the facts last.

    Dropped at once, a million facts are freed in one C call that holds the GIL ~0.4 s, in the
    order of the view's indexes (all over the heap). Held in lists first, the view's own
    containers free only their shells, and the loop gets the GIL back between slices.
    Whoever else still holds the view frees it later, as before.
    """
    view = replaced.pop()
    held: list[list[object]] = [
        list(view.by_entity.values()),
        list(view.ranked.values()),
        list(view.aggregates.values()),
        list(view.entities.values()),
        list(view.cache.values()),
        list(view.facts),  # last, in reading order: the last reference to each fact
    ]
    del view
    for items in held:
        while items:
            del items[-FREED_AT_ONCE:]
