"""Read queries: the whole knowledge as domain objects, keys, version, history."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, TypeVar

from sqlalchemy import String, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    EntityAliasRow,
    EntityGroupRow,
    EntityRow,
    FactHistoryRow,
    FactRow,
    GroupNameRow,
    GroupRow,
    KnowledgeChangeRow,
    KnowledgeStateRow,
    MetricRow,
    MetricTermRow,
    SourceRow,
)
from knowledge.format import KnownKeys
from knowledge.model import (
    LANGUAGES,
    Entity,
    Fact,
    Group,
    KnowledgeSet,
    Language,
    Metric,
    Source,
    fact_note,
    localized,
)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One recorded change to a fact."""

    entity: str
    metric: str
    period: str
    source: str
    action: str
    old_value: Decimal | None
    new_value: Decimal | None
    version: int | None
    changed_at: datetime
    changed_by: str


ROWS_PER_PARTITION = 2_000  # a few ms of row processing on the event loop between yields
Row_co = TypeVar("Row_co", covariant=True)


class _Partitioned(Protocol[Row_co]):
    def partitions(self, size: int | None = None) -> Iterator[Sequence[Row_co]]: ...


async def _in_turns(result: _Partitioned[Row_co]) -> AsyncIterator[Sequence[Row_co]]:
    """A buffered result's rows a partition at a time, handing the event loop back after each.

    The rows are already fetched; turning them into objects is what holds the loop, seconds
    for a million (a server-side cursor instead cost 1.5-2x the CPU, one fetch per partition).
    """
    for partition in result.partitions(ROWS_PER_PARTITION):
        yield partition
        await asyncio.sleep(0)  # answers waiting on the loop go first


def _language(code: str) -> Language:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r} in the database")
    return "en" if code == "en" else "fr"


async def load_sources(session: AsyncSession) -> list[Source]:
    """Every source, by key."""
    rows = await session.scalars(select(SourceRow).order_by(SourceRow.key))
    return [
        Source(r.key, r.title, r.publisher, r.published, r.url, _publishers(r.publisher_fr))
        for r in rows
    ]


def _publishers(french: str | None) -> dict[Language, str]:
    """A source's publisher texts besides the default one."""
    return {"fr": french} if french else {}


async def load_groups(session: AsyncSession) -> list[Group]:
    """Every group with its names per language, in their written order."""
    groups = {g.id: g.key for g in await session.scalars(select(GroupRow).order_by(GroupRow.key))}
    names: dict[int, dict[Language, list[str]]] = defaultdict(lambda: defaultdict(list))
    query = select(GroupNameRow).order_by(GroupNameRow.group_id, GroupNameRow.position)
    for row in await session.scalars(query):
        names[row.group_id][_language(row.language)].append(row.name)
    return [
        Group(key, {lang: tuple(v) for lang, v in names[gid].items()})
        for gid, key in groups.items()
    ]


async def load_entities(session: AsyncSession) -> list[Entity]:
    """Every entity with its aliases and groups."""
    # Core, not the session: the session processes its results up front, 100,000 rows at once.
    connection = await session.connection()
    aliases: dict[int, list[str]] = defaultdict(list)
    query = select(EntityAliasRow.entity_id, EntityAliasRow.alias).order_by(
        EntityAliasRow.entity_id, EntityAliasRow.position
    )
    async for rows in _in_turns(await connection.execute(query)):
        for entity_id, alias in rows:
            aliases[entity_id].append(alias)
    groups: dict[int, list[str]] = defaultdict(list)
    membership = (
        select(EntityGroupRow.entity_id, GroupRow.key)
        .join(GroupRow, GroupRow.id == EntityGroupRow.group_id)
        .order_by(EntityGroupRow.entity_id, EntityGroupRow.position)
    )
    async for memberships in _in_turns(await connection.execute(membership)):
        for entity_id, group_key in memberships:
            groups[entity_id].append(group_key)
    columns = select(
        EntityRow.id,
        EntityRow.key,
        EntityRow.name,
        EntityRow.name_en,
        EntityRow.name_fr,
        EntityRow.aggregate,
        EntityRow.with_article_en,
        EntityRow.with_article_fr,
    ).order_by(EntityRow.key)
    member_of = _shared_tuples(groups)
    entities: list[Entity] = []
    async for named in _in_turns(await connection.execute(columns)):
        entities += [
            Entity(
                key,
                name,
                localized(en, fr),
                tuple(aliases[eid]),
                member_of.get(eid, ()),
                agg,
                localized(said_en, said_fr),
            )
            for eid, key, name, en, fr, agg, said_en, said_fr in named
        ]
    return entities


def _shared_tuples(lists: dict[int, list[str]]) -> dict[int, tuple[str, ...]]:
    """Each list as a tuple, equal ones as one shared tuple.

    Most entities belong to the same few groups: 7 tuples instead of 55,000 at a million facts,
    6 MB less at the serving peak, and fewer objects for the collector to look at.
    """
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    tuples = {}
    for key, items in lists.items():
        as_tuple = tuple(items)
        tuples[key] = shared.setdefault(as_tuple, as_tuple)
    return tuples


async def load_metrics(session: AsyncSession) -> list[Metric]:
    """Every metric with its names, verbs, statements and labels."""
    terms: dict[tuple[int, str], dict[Language, list[str]]] = defaultdict(lambda: defaultdict(list))
    query = select(MetricTermRow).order_by(MetricTermRow.metric_id, MetricTermRow.position)
    for term in await session.scalars(query):
        terms[(term.metric_id, term.kind)][_language(term.language)].append(term.term)
    metrics = []
    for row in await session.scalars(select(MetricRow).order_by(MetricRow.key)):
        names = {lang: tuple(v) for lang, v in terms[(row.id, "name")].items()}
        verbs = {lang: tuple(v) for lang, v in terms[(row.id, "verb")].items()}
        narrower = {lang: tuple(v) for lang, v in terms[(row.id, "narrower")].items()}
        statement: dict[Language, str] = {"en": row.statement_en, "fr": row.statement_fr}
        label: dict[Language, str] = {"en": row.label_en, "fr": row.label_fr}
        said = localized(row.label_with_article_en, row.label_with_article_fr)
        metrics.append(Metric(row.key, row.unit, names, verbs, statement, label, narrower, said))
    return metrics


class _DecimalsByText(dict[str, Decimal]):
    """One `Decimal` per distinct value text: figures repeat (round numbers, small counts), and
    each `Decimal` costs ~100 bytes; keyed by the text, whose hash is cheap, not by the number."""

    def __missing__(self, text: str) -> Decimal:
        value = self[text] = Decimal(text)
        return value


async def load_facts(session: AsyncSession) -> list[Fact]:
    """Every fact, read with one Core query (no ORM rows) and keys shared between facts.

    Entity, metric and source keys come from id -> key maps and periods are interned, so a
    million facts hold a few thousand distinct strings instead of four million copies. Facts
    are made a partition of rows at a time, in turns with the rest of the event loop.
    """
    connection = await session.connection()
    entities: dict[int, str] = {
        row_id: key for row_id, key in await connection.execute(select(EntityRow.id, EntityRow.key))
    }
    metrics: dict[int, str] = {
        row_id: key for row_id, key in await connection.execute(select(MetricRow.id, MetricRow.key))
    }
    sources: dict[int, str] = {
        row_id: key for row_id, key in await connection.execute(select(SourceRow.id, SourceRow.key))
    }
    query = select(
        FactRow.entity_id,
        FactRow.metric_id,
        FactRow.period,
        cast(FactRow.value, String),  # as text on every database: no per-row type processing
        FactRow.source_id,
        FactRow.approximate,
        FactRow.quote,
        FactRow.note_en,
        FactRow.note_fr,
        FactRow.version,
    )
    periods: dict[str, str] = {}
    intern = periods.setdefault
    number = _DecimalsByText()
    facts: list[Fact] = []
    async for partition in _in_turns(await connection.execute(query)):
        facts += [
            Fact(
                entities[entity_id],
                metrics[metric_id],
                intern(period, period),
                number[value],
                sources[source_id],
                approx,
                quote,
                fact_note(en, fr),
                version,
            )
            for entity_id, metric_id, period, value, source_id, approx, quote, en, fr, version in (
                partition
            )
        ]
    return facts


async def load_cell_facts(
    session: AsyncSession, cells: Collection[tuple[str, str, str]]
) -> list[Fact]:
    """The stored facts of some (entity, metric, period) cells, every source."""
    query = (
        select(
            EntityRow.key,
            MetricRow.key,
            FactRow.period,
            FactRow.value,
            SourceRow.key,
            FactRow.approximate,
            FactRow.quote,
            FactRow.note_en,
            FactRow.note_fr,
            FactRow.version,
        )
        .join(EntityRow, FactRow.entity_id == EntityRow.id)
        .join(MetricRow, FactRow.metric_id == MetricRow.id)
        .join(SourceRow, FactRow.source_id == SourceRow.id)
        .where(
            EntityRow.key.in_({entity for entity, _, _ in cells}),
            MetricRow.key.in_({metric for _, metric, _ in cells}),
            FactRow.period.in_({period for _, _, period in cells}),
        )
    )
    wanted = set(cells)  # the query matched each key on its own: keep the exact cells only
    return [
        Fact(entity, metric, period, value, source, approx, quote, fact_note(en, fr), version)
        for entity, metric, period, value, source, approx, quote, en, fr, version in (
            await session.execute(query)
        )
        if (entity, metric, period) in wanted
    ]


async def changes_since(
    session: AsyncSession, version: int
) -> list[tuple[int, tuple[str, str, str] | None]]:
    """What each knowledge version after `version` changed, oldest first (None: everything)."""
    rows = await session.execute(
        select(
            KnowledgeChangeRow.version,
            KnowledgeChangeRow.entity_key,
            KnowledgeChangeRow.metric_key,
            KnowledgeChangeRow.period,
        )
        .where(KnowledgeChangeRow.version > version)
        .order_by(KnowledgeChangeRow.version)
    )
    return [
        (number, (entity, metric, period) if entity and metric and period else None)
        for number, entity, metric, period in rows
    ]


async def load_knowledge(session: AsyncSession) -> KnowledgeSet:
    """The whole knowledge in the database."""
    return KnowledgeSet(
        sources=await load_sources(session),
        groups=await load_groups(session),
        entities=await load_entities(session),
        metrics=await load_metrics(session),
        facts=await load_facts(session),
    )


async def known_keys(session: AsyncSession) -> KnownKeys:
    """The keys already in the database, for validating files that refer to them."""
    return KnownKeys(
        sources=set(await session.scalars(select(SourceRow.key))),
        groups=set(await session.scalars(select(GroupRow.key))),
        entities=set(await session.scalars(select(EntityRow.key))),
        metrics=set(await session.scalars(select(MetricRow.key))),
    )


async def knowledge_version(session: AsyncSession) -> int:
    """The version of the knowledge: it increases with every committed change."""
    version = await session.scalar(
        select(KnowledgeStateRow.version).where(KnowledgeStateRow.id == 1)
    )
    return int(version or 0)


async def fact_history(
    session: AsyncSession, entity: str, metric: str | None = None, limit: int = 20
) -> list[HistoryEntry]:
    """The latest recorded changes to an entity's facts, newest first."""
    query = select(FactHistoryRow).where(FactHistoryRow.entity_key == entity)
    if metric is not None:
        query = query.where(FactHistoryRow.metric_key == metric)
    query = query.order_by(FactHistoryRow.changed_at.desc(), FactHistoryRow.id.desc()).limit(limit)
    return [
        HistoryEntry(
            r.entity_key,
            r.metric_key,
            r.period,
            r.source_key,
            r.action,
            r.old_value,
            r.new_value,
            r.version,
            r.changed_at,
            r.changed_by,
        )
        for r in await session.scalars(query)
    ]
