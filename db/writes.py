"""Write queries: load a KnowledgeSet, set or remove one fact, with history. Callers commit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import bulk
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
from knowledge.errors import NotFoundError
from knowledge.model import Entity, Fact, Group, KnowledgeSet, Metric, Source, localized

NOTIFY_CHANNEL = "tally_knowledge"
KEPT_CHANGES = 10_000  # a process further behind than this rebuilds its view in full
Cell = tuple[str, str, str]  # entity, metric, period


@dataclass(slots=True)
class LoadReport:
    """What a load added, updated and left unchanged, per kind."""

    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        """True when the load wrote anything."""
        return bool(sum(self.added.values()) + sum(self.updated.values()))


@dataclass(frozen=True, slots=True)
class FactChange:
    """The outcome of one curation edit."""

    action: str  # added, updated, unchanged, removed, refused
    fact: Fact | None
    old_value: Decimal | None
    version: int | None
    changed_by: str | None = None


def _fact_values(fact: Fact) -> dict[str, Any]:
    """The stored columns of a fact's content."""
    return dict(zip(bulk.CONTENT_COLUMNS, bulk.fact_content(fact), strict=True))


def _history(
    fact: Fact,
    action: str,
    old: Decimal | None,
    new: Decimal | None,
    version: int | None,
    actor: str,
    stamp: datetime,
) -> dict[str, Any]:
    """One fact_history row."""
    return {
        "entity_key": fact.entity,
        "metric_key": fact.metric,
        "period": fact.period,
        "source_key": fact.source,
        "action": action,
        "old_value": old,
        "new_value": new,
        "version": version,
        "changed_at": stamp,
        "changed_by": actor,
    }


async def bump_version(session: AsyncSession, cell: Cell | None = None) -> int:
    """Count one more change (to one fact cell, or to anything) and notify listeners on commit."""
    stamp = bulk.now()
    await session.execute(
        update(KnowledgeStateRow)
        .where(KnowledgeStateRow.id == 1)
        .values(version=KnowledgeStateRow.version + 1, changed_at=stamp)
    )
    version = int(await session.scalar(select(KnowledgeStateRow.version)) or 0)
    entity, metric, period = cell if cell is not None else (None, None, None)
    await session.execute(
        insert(KnowledgeChangeRow),
        [{"version": version, "entity_key": entity, "metric_key": metric, "period": period}],
    )
    await session.execute(
        delete(KnowledgeChangeRow).where(KnowledgeChangeRow.version <= version - KEPT_CHANGES)
    )
    if session.get_bind().dialect.name == "postgresql":
        # NOTIFY is transactional: listeners hear it only if this transaction commits.
        await session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": NOTIFY_CHANNEL, "payload": str(version)},
        )
    return version


def _source_item(source: Source) -> bulk.Item:
    values = {
        "title": source.title,
        "publisher": source.publisher,
        "publisher_fr": source.publisher_names.get("fr"),
        "published": source.published,
        "url": source.url,
    }
    return bulk.Item(source.key, values)


_GROUP_NAMES = bulk.Children(GroupNameRow, "group_id", ("language", "position", "name"))


def _group_item(group: Group) -> bulk.Item:
    names = [(lang, i, name) for lang, names in group.names.items() for i, name in enumerate(names)]
    return bulk.Item(group.key, {}, (names,))


_ALIASES = bulk.Children(EntityAliasRow, "entity_id", ("position", "alias"))
_MEMBERS = bulk.Children(EntityGroupRow, "entity_id", ("group_id", "position"))


def _entity_item(entity: Entity, groups: dict[str, int]) -> bulk.Item:
    values = {
        "name": entity.name,
        "name_en": entity.names.get("en"),
        "name_fr": entity.names.get("fr"),
        "aggregate": entity.aggregate,
        "with_article_en": entity.with_article.get("en"),
        "with_article_fr": entity.with_article.get("fr"),
    }
    aliases = [(i, alias) for i, alias in enumerate(entity.aliases)]
    members = [(groups[g], i) for i, g in enumerate(entity.groups)]
    return bulk.Item(entity.key, values, (aliases, members))


_TERMS = bulk.Children(MetricTermRow, "metric_id", ("language", "kind", "position", "term"))


def _metric_item(metric: Metric) -> bulk.Item:
    values = {
        "unit": metric.unit,
        "statement_en": metric.statement["en"],
        "statement_fr": metric.statement["fr"],
        "label_en": metric.label["en"],
        "label_fr": metric.label["fr"],
        "label_with_article_en": metric.label_with_article.get("en"),
        "label_with_article_fr": metric.label_with_article.get("fr"),
    }
    terms = [
        (lang, kind, i, term)
        for kind, table in (
            ("name", metric.names),
            ("verb", metric.verbs),
            ("narrower", metric.narrower),
        )
        for lang, words in table.items()
        for i, term in enumerate(words)
    ]
    return bulk.Item(metric.key, values, (terms,))


async def _write_kind(
    session: AsyncSession,
    report: LoadReport,
    kind: str,
    row_type: Any,
    items: list[bulk.Item],
    children: tuple[bulk.Children, ...] = (),
) -> dict[str, int]:
    """Write one kind of definition in bulk and count its actions; return stored keys' ids."""
    actions, ids = await bulk.write_keyed(session, row_type, items, children)
    for action in actions:
        report_action(report, kind, action)
    return ids


async def apply_knowledge(session: AsyncSession, knowledge: KnowledgeSet, actor: str) -> LoadReport:
    """Write validated knowledge: add what is new, update what changed, record history."""
    report = LoadReport()
    sources = [_source_item(s) for s in knowledge.sources]
    await _write_kind(session, report, "sources", SourceRow, sources)
    groups = [_group_item(g) for g in knowledge.groups]
    group_ids = await _write_kind(session, report, "groups", GroupRow, groups, (_GROUP_NAMES,))
    entities = [_entity_item(e, group_ids) for e in knowledge.entities]
    await _write_kind(session, report, "entities", EntityRow, entities, (_ALIASES, _MEMBERS))
    metrics = [_metric_item(m) for m in knowledge.metrics]
    await _write_kind(session, report, "metrics", MetricRow, metrics, (_TERMS,))
    if knowledge.facts:
        counts = await bulk.write_facts(session, knowledge.facts, actor)
        for action, count in counts.items():
            getattr(report, action)["facts"] += count
    if report.changed:
        await bump_version(session)
    return report


def report_action(report: LoadReport, kind: str, action: str) -> None:
    """Count one written item under added, updated or unchanged."""
    getattr(report, action)[kind] += 1


async def _fact_row(session: AsyncSession, fact: Fact) -> tuple[dict[str, int], FactRow | None]:
    ids: dict[str, int] = {}
    for kind, row_type, key in (
        ("entity", EntityRow, fact.entity),
        ("metric", MetricRow, fact.metric),
        ("source", SourceRow, fact.source),
    ):
        found = await session.scalar(select(row_type.id).where(row_type.key == key))
        if found is None:
            raise NotFoundError(f"unknown {kind} {key!r}")
        ids[kind] = found
    row = await session.scalar(
        select(FactRow).where(
            FactRow.entity_id == ids["entity"],
            FactRow.metric_id == ids["metric"],
            FactRow.period == fact.period,
            FactRow.source_id == ids["source"],
        )
    )
    return ids, row


async def _refuse(
    session: AsyncSession, fact: Fact, row: FactRow, attempted: Decimal | None, actor: str
) -> FactChange:
    await session.execute(
        insert(FactHistoryRow),
        [_history(fact, "refused", row.value, attempted, row.version, actor, bulk.now())],
    )
    return FactChange("refused", fact, row.value, row.version, row.updated_by)


async def set_fact(
    session: AsyncSession, fact: Fact, actor: str, expected_version: int | None = None
) -> FactChange:
    """Add or change one fact; refuse (and record) it if the stored version is not the one seen."""
    ids, row = await _fact_row(session, fact)
    stamp = bulk.now()
    if row is None:
        if expected_version not in (None, 0):
            raise NotFoundError(f"fact {'/'.join(fact.identity)} no longer exists")
        await session.execute(
            insert(FactRow),
            [
                {
                    "entity_id": ids["entity"],
                    "metric_id": ids["metric"],
                    "period": fact.period,
                    "source_id": ids["source"],
                    **_fact_values(fact),
                    "version": 1,
                    "updated_at": stamp,
                    "updated_by": actor,
                }
            ],
        )
        await session.execute(
            insert(FactHistoryRow), [_history(fact, "added", None, fact.value, 1, actor, stamp)]
        )
        await bump_version(session, (fact.entity, fact.metric, fact.period))
        return FactChange("added", fact, None, 1)
    old = Fact(
        fact.entity,
        fact.metric,
        fact.period,
        row.value,
        fact.source,
        row.approximate,
        row.quote,
        localized(row.note_en, row.note_fr),
    )
    if expected_version is not None and expected_version != row.version:
        return await _refuse(session, fact, row, fact.value, actor)
    if old.same_content(fact):
        return FactChange("unchanged", fact, row.value, row.version)
    seen = row.version if expected_version is None else expected_version
    # The version check is in the UPDATE itself, so two concurrent edits cannot both pass it.
    result = await session.execute(
        update(FactRow)
        .where(FactRow.id == row.id, FactRow.version == seen)
        .values(**_fact_values(fact), version=seen + 1, updated_at=stamp, updated_by=actor)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 1) != 1:
        await session.refresh(row)
        return await _refuse(session, fact, row, fact.value, actor)
    await session.execute(
        insert(FactHistoryRow),
        [_history(fact, "updated", row.value, fact.value, seen + 1, actor, stamp)],
    )
    await bump_version(session, (fact.entity, fact.metric, fact.period))
    return FactChange("updated", fact, row.value, seen + 1)


async def remove_fact(
    session: AsyncSession, fact: Fact, actor: str, expected_version: int | None = None
) -> FactChange:
    """Remove one fact (identified by entity, metric, period, source), recording it."""
    _, row = await _fact_row(session, fact)
    if row is None:
        raise NotFoundError(f"no fact {'/'.join(fact.identity)}")
    if expected_version is not None and expected_version != row.version:
        return await _refuse(session, fact, row, None, actor)
    seen = row.version
    result = await session.execute(
        delete(FactRow)
        .where(FactRow.id == row.id, FactRow.version == seen)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 1) != 1:
        return await _refuse(session, fact, row, None, actor)
    await session.execute(
        insert(FactHistoryRow),
        [_history(fact, "removed", row.value, None, seen, actor, bulk.now())],
    )
    await bump_version(session, (fact.entity, fact.metric, fact.period))
    return FactChange("removed", fact, row.value, seen)


async def count_rows(session: AsyncSession) -> dict[str, int]:
    """How many sources, groups, entities, metrics and facts are stored."""
    counts = {}
    for name, row_type in (
        ("sources", SourceRow),
        ("groups", GroupRow),
        ("entities", EntityRow),
        ("metrics", MetricRow),
        ("facts", FactRow),
    ):
        counts[name] = int(await session.scalar(select(func.count()).select_from(row_type)) or 0)
    return counts


async def prune_history(session: AsyncSession, changed_before: datetime) -> int:
    """Delete fact_history rows recorded before a moment (its retention); return how many went."""
    result = await session.execute(
        delete(FactHistoryRow).where(FactHistoryRow.changed_at < changed_before)
    )
    return int(getattr(result, "rowcount", 0) or 0)
