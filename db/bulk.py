"""Bulk writes for loading knowledge: each table read once, rows written with one executemany.

A load of 55,000 entities and a million facts must not cost a round trip per item: stored keys,
values and child rows are read in a few queries, compared in memory, and what is new or changed
is written with `executemany` (in batches, so that the row dictionaries are never all alive at
once). Callers commit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Dialect,
    Insert,
    Table,
    Update,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Base, EntityRow, FactHistoryRow, FactRow, MetricRow, SourceRow
from knowledge.model import Fact, fact_note

BATCH = 5_000  # rows per executemany, and keys per IN list
SQLITE_CACHE_KIB = 16 * 1024


def now() -> datetime:
    """The time stamped on a change."""
    return datetime.now(UTC)


def table(row_type: Any) -> Table:
    """The Core table behind a mapped class."""
    return Base.metadata.tables[row_type.__tablename__]


def batches(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """Consecutive slices of at most BATCH items."""
    size = BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def key_ids(session: AsyncSession, row_type: Any) -> dict[str, int]:
    """Every stored key of a table, with its id."""
    return {key: rid for key, rid in await session.execute(select(row_type.key, row_type.id))}


@dataclass(frozen=True, slots=True)
class Children:
    """A child table replaced as a whole per parent: its parent column and compared fields."""

    row: Any
    parent: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One keyed row to write: its values and, per child table, its rows as field tuples."""

    key: str
    values: dict[str, Any]
    children: tuple[list[tuple[Any, ...]], ...] = ()


async def _stored(
    session: AsyncSession, row_type: Any, columns: Sequence[str]
) -> dict[str, tuple[int, tuple[Any, ...]]]:
    query = select(row_type.key, row_type.id, *(getattr(row_type, c) for c in columns))
    return {key: (rid, tuple(values)) for key, rid, *values in await session.execute(query)}


async def _stored_children(
    session: AsyncSession, spec: Children, parent_ids: list[int]
) -> dict[int, list[tuple[Any, ...]]]:
    """Each parent's stored child rows (sorted field tuples), read in a few IN queries."""
    parent = getattr(spec.row, spec.parent)
    query = select(parent, *(getattr(spec.row, f) for f in spec.fields))
    found: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for chunk in batches(parent_ids):
        for parent_id, *values in await session.execute(query.where(parent.in_(chunk))):
            found[parent_id].append(tuple(values))
    return {parent_id: sorted(rows) for parent_id, rows in found.items()}


async def _insert(session: AsyncSession, row_type: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in batches(rows):
        await session.execute(insert(table(row_type)), chunk)


async def _write_children(
    session: AsyncSession,
    spec: Children,
    position: int,
    items: list[Item],
    ids: dict[str, int],
    stored: set[str],
) -> set[str]:
    """Replace the child rows that differ from the stored ones; return the changed parents' keys."""
    old = await _stored_children(
        session, spec, [ids[item.key] for item in items if item.key in stored]
    )
    changed: set[str] = set()
    replaced: list[int] = []
    rows: list[dict[str, Any]] = []
    for item in items:
        parent_id, new = ids[item.key], item.children[position]
        if item.key in stored:
            if sorted(new) == old.get(parent_id, []):
                continue
            changed.add(item.key)
            replaced.append(parent_id)
        rows.extend({spec.parent: parent_id, **dict(zip(spec.fields, r, strict=True))} for r in new)
    column = getattr(spec.row, spec.parent)
    for chunk in batches(replaced):
        await session.execute(delete(spec.row).where(column.in_(chunk)))
    await _insert(session, spec.row, rows)
    return changed


async def write_keyed(
    session: AsyncSession, row_type: Any, items: list[Item], children: tuple[Children, ...] = ()
) -> tuple[list[str], dict[str, int]]:
    """Add, update or leave each item; return each item's action and every stored key's id."""
    if len({item.key for item in items}) != len(items):
        raise ValueError(f"duplicate keys among the {row_type.__tablename__} to write")
    columns = list(items[0].values) if items else []
    stored = await _stored(session, row_type, columns)
    new = [{"key": item.key, **item.values} for item in items if item.key not in stored]
    await _insert(session, row_type, new)
    ids = await key_ids(session, row_type) if new else {k: v[0] for k, v in stored.items()}
    changed = {
        item.key
        for item in items
        if item.key in stored and stored[item.key][1] != tuple(item.values.values())
    }
    if changed:
        rows = [{"id": ids[item.key], **item.values} for item in items if item.key in changed]
        await session.execute(update(row_type), rows)
    present = set(stored)
    for position, spec in enumerate(children):
        changed |= await _write_children(session, spec, position, items, ids, present)
    actions = [
        "added" if item.key not in stored else "updated" if item.key in changed else "unchanged"
        for item in items
    ]
    return actions, ids


FactKey = tuple[int, int, str, int]  # entity id, metric id, period, source id


async def _stored_facts(
    session: AsyncSession, metric_ids: set[int], keys: dict[str, dict[int, str]]
) -> dict[FactKey, tuple[int, Fact]]:
    """The stored facts of some metrics, with their row ids, by (entity, metric, period, source)."""
    query = select(
        FactRow.id, FactRow.entity_id, FactRow.metric_id, FactRow.period, FactRow.source_id,
        FactRow.value, FactRow.approximate, FactRow.quote, FactRow.note_en, FactRow.note_fr,
        FactRow.version,
    ).where(FactRow.metric_id.in_(metric_ids))  # fmt: skip
    entities, metrics, sources = keys["entities"], keys["metrics"], keys["sources"]
    stored: dict[FactKey, tuple[int, Fact]] = {}
    for fid, eid, mid, period, sid, value, approx, quote, en, fr, version in await session.execute(
        query
    ):
        fact = Fact(
            entities[eid], metrics[mid], period, value, sources[sid], approx, quote,
            fact_note(en, fr), version,
        )  # fmt: skip
        stored[(eid, mid, period, sid)] = (fid, fact)
    return stored


@dataclass(frozen=True, slots=True)
class DriverStatement:
    """An INSERT or UPDATE given to the driver as it is: compiled once, constants converted once.

    SQLAlchemy's executemany builds and converts every parameter of every row in Python (about
    7 µs per row of facts); here only the columns whose type needs it are converted per row.
    """

    statement: str
    convert: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, converter) per row
    constants: tuple[Any, ...]

    @classmethod
    def insert(
        cls, dialect: Dialect, row_type: Any, varying: tuple[str, ...], constants: dict[str, Any]
    ) -> DriverStatement:
        """INSERT of `varying` columns per row and `constants`, in the table's order."""
        target = table(row_type)
        return cls._of(dialect, target, insert(target).inline(), varying, constants, ())

    @classmethod
    def update(
        cls, dialect: Dialect, row_type: Any, varying: tuple[str, ...], constants: dict[str, Any]
    ) -> DriverStatement:
        """UPDATE by id of `varying` columns per row and `constants`; rows end with the id."""
        target = table(row_type)
        statement = update(target).where(target.c.id == bindparam("row_id"))
        return cls._of(dialect, target, statement, varying, constants, ("row_id",))

    @classmethod
    def _of(
        cls,
        dialect: Dialect,
        target: Table,
        statement: Insert | Update,
        varying: tuple[str, ...],
        constants: dict[str, Any],
        tail: tuple[str, ...],
    ) -> DriverStatement:
        columns = [*varying, *constants]
        compiled = statement.compile(dialect=dialect, column_keys=columns)
        if list(getattr(compiled, "positiontup", None) or ()) != [*columns, *tail]:
            raise ValueError(f"give every column of {target.name} in the table's order")
        processors = [
            target.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns
        ]
        convert = tuple((i, p) for i, p in enumerate(processors[: len(varying)]) if p is not None)
        fixed = zip(processors[len(varying) :], constants.values(), strict=True)
        return cls(compiled.string, convert, tuple(v if p is None else p(v) for p, v in fixed))

    def row(self, values: tuple[Any, ...], *tail: Any) -> tuple[Any, ...]:
        """One row's parameters as the driver takes them (`tail`: the id, for an UPDATE)."""
        converted = list(values)
        for position, convert in self.convert:
            converted[position] = convert(converted[position])
        return (*converted, *self.constants, *tail)

    async def execute(self, session: AsyncSession, rows: list[tuple[Any, ...]]) -> None:
        """Run the statement for rows made by `row`, with one executemany."""
        if rows:
            connection = await session.connection()
            await connection.exec_driver_sql(self.statement, rows)


_FACT_COLUMNS = (
    "entity_id", "metric_id", "period", "source_id", "value", "sort_value", "approximate",
    "quote", "note_en", "note_fr",
)  # fmt: skip
CONTENT_COLUMNS = _FACT_COLUMNS[4:]  # what `fact_content` gives
_UPDATE_COLUMNS = (*CONTENT_COLUMNS, "version")
_HISTORY_COLUMNS = (
    "entity_key", "metric_key", "period", "source_key", "action", "old_value", "new_value",
    "version",
)  # fmt: skip


@dataclass(slots=True)
class _FactWriter:
    """Collects the fact and history rows of a load and writes them a batch at a time."""

    session: AsyncSession
    added: DriverStatement
    changed: DriverStatement
    history: DriverStatement
    inserts: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[tuple[Any, ...]] = field(default_factory=list)
    changes: list[tuple[Any, ...]] = field(default_factory=list)

    @classmethod
    async def start(cls, session: AsyncSession, actor: str) -> _FactWriter:
        """A writer stamping every row with one time and actor."""
        dialect, stamp = (await session.connection()).dialect, now()
        stamped = {"updated_at": stamp, "updated_by": actor}
        added = DriverStatement.insert(dialect, FactRow, _FACT_COLUMNS, {"version": 1, **stamped})
        changed = DriverStatement.update(dialect, FactRow, _UPDATE_COLUMNS, stamped)
        recorded = {"changed_at": stamp, "changed_by": actor}
        history = DriverStatement.insert(dialect, FactHistoryRow, _HISTORY_COLUMNS, recorded)
        return cls(session, added, changed, history)

    def _change(self, fact: Fact, action: str, old: Decimal | None, version: int) -> None:
        row = (fact.entity, fact.metric, fact.period, fact.source, action, old, fact.value, version)
        self.changes.append(self.history.row(row))

    def add(self, ids: FactKey, fact: Fact) -> None:
        """A new fact, at version 1."""
        self.inserts.append(self.added.row((*ids, *fact_content(fact))))
        self._change(fact, "added", None, 1)

    def update(self, row_id: int, old: Fact, fact: Fact) -> None:
        """A changed fact, at its stored version + 1."""
        version = old.version + 1
        self.updates.append(self.changed.row((*fact_content(fact), version), row_id))
        self._change(fact, "updated", old.value, version)

    @property
    def full(self) -> bool:
        """True when a batch is ready to be written."""
        return len(self.changes) >= BATCH

    async def flush(self) -> None:
        """Write what is collected, history last."""
        await self.added.execute(self.session, self.inserts)
        await self.changed.execute(self.session, self.updates)
        await self.history.execute(self.session, self.changes)
        self.inserts, self.updates, self.changes = [], [], []


def fact_content(fact: Fact) -> tuple[Any, ...]:
    """The stored columns of a fact's content, in the order of CONTENT_COLUMNS."""
    value, note = fact.value, fact.note
    return (value, float(value), fact.approximate, fact.quote, note.get("en"), note.get("fr"))


@asynccontextmanager
async def sqlite_cache(session: AsyncSession, kib: int = SQLITE_CACHE_KIB) -> AsyncIterator[None]:
    """On SQLite, a larger page cache while many rows are written (restored when they are).

    With SQLite's default 2 MB, inserts into the facts' four indexes keep evicting and re-reading
    pages: 16 MB took 1.5-3.5 s off SQLite's ~16 s for a million facts and their history.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    previous = int((await session.execute(text("PRAGMA cache_size"))).scalar_one())
    await session.execute(text(f"PRAGMA cache_size = {-kib}"))
    yield  # after a failure the connection is rolled back; its cache size matters little then
    await session.execute(text(f"PRAGMA cache_size = {previous}"))


async def write_facts(session: AsyncSession, facts: list[Fact], actor: str) -> Counter[str]:
    """Add new facts, update changed ones (version + 1), with history; count each action."""
    async with sqlite_cache(session):
        return await _write_facts(session, facts, actor)


async def _write_facts(session: AsyncSession, facts: list[Fact], actor: str) -> Counter[str]:
    entities, metrics = await key_ids(session, EntityRow), await key_ids(session, MetricRow)
    sources = await key_ids(session, SourceRow)
    reverse = {
        name: {rid: key for key, rid in ids.items()}
        for name, ids in (("entities", entities), ("metrics", metrics), ("sources", sources))
    }
    stored = await _stored_facts(session, {metrics[f.metric] for f in facts}, reverse)
    writer = await _FactWriter.start(session, actor)
    counts: Counter[str] = Counter()
    for fact in facts:
        ids = (entities[fact.entity], metrics[fact.metric], fact.period, sources[fact.source])
        found = stored.get(ids) if stored else None
        if found is None:
            writer.add(ids, fact)
            counts["added"] += 1
        elif found[1].same_content(fact):
            counts["unchanged"] += 1
        else:
            writer.update(found[0], found[1], fact)
            counts["updated"] += 1
        if writer.full:
            await writer.flush()
    await writer.flush()
    return counts
