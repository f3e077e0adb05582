"""Write queries: load a KnowledgeSet, set or remove one fact, with history. Callers commit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    EntityAliasRow,
    EntityGroupRow,
    EntityRow,
    FactHistoryRow,
    FactRow,
    GroupNameRow,
    GroupRow,
    KnowledgeStateRow,
    MetricRow,
    MetricTermRow,
    SourceRow,
)
from knowledge.errors import NotFoundError
from knowledge.model import Entity, Fact, Group, KnowledgeSet, Metric, Source, localized

NOTIFY_CHANNEL = "tally_knowledge"


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


def _now() -> datetime:
    return datetime.now(UTC)


async def bump_version(session: AsyncSession) -> int:
    """Count one more change to the knowledge and, on PostgreSQL, notify listeners on commit."""
    stamp = _now()
    await session.execute(
        update(KnowledgeStateRow)
        .where(KnowledgeStateRow.id == 1)
        .values(version=KnowledgeStateRow.version + 1, changed_at=stamp)
    )
    version = int(await session.scalar(select(KnowledgeStateRow.version)) or 0)
    if session.get_bind().dialect.name == "postgresql":
        # NOTIFY is transactional: listeners hear it only if this transaction commits.
        await session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": NOTIFY_CHANNEL, "payload": str(version)},
        )
    return version


async def _ids(session: AsyncSession, row: Any) -> dict[str, int]:
    return {key: rid for key, rid in await session.execute(select(row.key, row.id))}


async def _upsert(
    session: AsyncSession, row_type: Any, key: str, values: dict[str, Any]
) -> tuple[int, str]:
    existing = await session.scalar(select(row_type).where(row_type.key == key))
    if existing is None:
        new_id = await session.scalar(
            insert(row_type).values(key=key, **values).returning(row_type.id)
        )
        return int(new_id or 0), "added"
    changed = any(getattr(existing, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(existing, name, value)
    return existing.id, "updated" if changed else "unchanged"


async def _replace_children(
    session: AsyncSession, row_type: Any, parent: str, parent_id: int, rows: list[dict[str, Any]]
) -> bool:
    """Replace a parent's child rows; return True when they differ from what was stored."""
    column = getattr(row_type, parent)
    fields = [name for name in (rows[0] if rows else {}) if name != parent]
    stored = await session.execute(select(row_type).where(column == parent_id))
    old = sorted(tuple(getattr(r, f) for f in fields) for r in stored.scalars()) if fields else []
    new = sorted(tuple(r[f] for f in fields) for r in rows)
    if old == new and (rows or not old):
        return False
    await session.execute(delete(row_type).where(column == parent_id))
    if rows:
        await session.execute(insert(row_type), rows)
    return True


async def _write_source(session: AsyncSession, source: Source) -> str:
    values = {
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published,
        "url": source.url,
    }
    return (await _upsert(session, SourceRow, source.key, values))[1]


async def _write_group(session: AsyncSession, group: Group) -> str:
    group_id, action = await _upsert(session, GroupRow, group.key, {})
    rows = [
        {"group_id": group_id, "language": lang, "position": i, "name": name}
        for lang, names in group.names.items()
        for i, name in enumerate(names)
    ]
    changed = await _replace_children(session, GroupNameRow, "group_id", group_id, rows)
    return "updated" if action == "unchanged" and changed else action


async def _write_entity(session: AsyncSession, entity: Entity, groups: dict[str, int]) -> str:
    values = {
        "name": entity.name,
        "name_en": entity.names.get("en"),
        "name_fr": entity.names.get("fr"),
        "aggregate": entity.aggregate,
    }
    entity_id, action = await _upsert(session, EntityRow, entity.key, values)
    aliases = [
        {"entity_id": entity_id, "position": i, "alias": a} for i, a in enumerate(entity.aliases)
    ]
    members = [
        {"entity_id": entity_id, "group_id": groups[g], "position": i}
        for i, g in enumerate(entity.groups)
    ]
    changed = await _replace_children(session, EntityAliasRow, "entity_id", entity_id, aliases)
    changed |= await _replace_children(session, EntityGroupRow, "entity_id", entity_id, members)
    return "updated" if action == "unchanged" and changed else action


async def _write_metric(session: AsyncSession, metric: Metric) -> str:
    values = {
        "unit": metric.unit,
        "statement_en": metric.statement["en"],
        "statement_fr": metric.statement["fr"],
        "label_en": metric.label["en"],
        "label_fr": metric.label["fr"],
    }
    metric_id, action = await _upsert(session, MetricRow, metric.key, values)
    terms = [
        {"metric_id": metric_id, "language": lang, "kind": kind, "position": i, "term": term}
        for kind, table in (("name", metric.names), ("verb", metric.verbs))
        for lang, words in table.items()
        for i, term in enumerate(words)
    ]
    changed = await _replace_children(session, MetricTermRow, "metric_id", metric_id, terms)
    return "updated" if action == "unchanged" and changed else action


def _fact_values(fact: Fact) -> dict[str, Any]:
    return {
        "value": fact.value,
        "sort_value": float(fact.value),
        "approximate": fact.approximate,
        "quote": fact.quote,
        "note_en": fact.note.get("en"),
        "note_fr": fact.note.get("fr"),
    }


def _history(
    fact: Fact,
    action: str,
    old: Decimal | None,
    new: Decimal | None,
    version: int | None,
    actor: str,
    stamp: datetime,
) -> dict[str, Any]:
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


async def _write_facts(
    session: AsyncSession, facts: list[Fact], actor: str, report: LoadReport
) -> None:
    entities, metrics = await _ids(session, EntityRow), await _ids(session, MetricRow)
    sources = await _ids(session, SourceRow)
    metric_ids = {metrics[f.metric] for f in facts}
    existing: dict[tuple[int, int, str, int], tuple[int, Fact, int]] = {}
    reverse_e = {v: k for k, v in entities.items()}
    reverse_s = {v: k for k, v in sources.items()}
    reverse_m = {v: k for k, v in metrics.items()}
    query = select(
        FactRow.id,
        FactRow.entity_id,
        FactRow.metric_id,
        FactRow.period,
        FactRow.source_id,
        FactRow.value,
        FactRow.approximate,
        FactRow.quote,
        FactRow.note_en,
        FactRow.note_fr,
        FactRow.version,
    ).where(FactRow.metric_id.in_(metric_ids))
    for fid, eid, mid, period, sid, value, approx, quote, en, fr, version in await session.execute(
        query
    ):
        notes = localized(en, fr)
        stored = Fact(
            reverse_e[eid], reverse_m[mid], period, value, reverse_s[sid], approx, quote, notes
        )
        existing[(eid, mid, period, sid)] = (fid, stored, version)
    stamp = _now()
    inserts, updates, history = [], [], []
    for fact in facts:
        ids = (entities[fact.entity], metrics[fact.metric], fact.period, sources[fact.source])
        found = existing.get(ids)
        if found is None:
            row = dict(zip(("entity_id", "metric_id", "period", "source_id"), ids, strict=True))
            inserts.append(
                {
                    **row,
                    **_fact_values(fact),
                    "version": 1,
                    "updated_at": stamp,
                    "updated_by": actor,
                }
            )
            history.append(_history(fact, "added", None, fact.value, 1, actor, stamp))
            report.added["facts"] += 1
        elif found[1].same_content(fact):
            report.unchanged["facts"] += 1
        else:
            version = found[2] + 1
            updates.append(
                {
                    "id": found[0],
                    **_fact_values(fact),
                    "version": version,
                    "updated_at": stamp,
                    "updated_by": actor,
                }
            )
            history.append(
                _history(fact, "updated", found[1].value, fact.value, version, actor, stamp)
            )
            report.updated["facts"] += 1
    for start in range(0, len(inserts), 5000):
        await session.execute(insert(FactRow), inserts[start : start + 5000])
    if updates:
        await session.execute(update(FactRow), updates)
    for start in range(0, len(history), 5000):
        await session.execute(insert(FactHistoryRow), history[start : start + 5000])


async def apply_knowledge(session: AsyncSession, knowledge: KnowledgeSet, actor: str) -> LoadReport:
    """Write validated knowledge: add what is new, update what changed, record history."""
    report = LoadReport()
    for source in knowledge.sources:
        report_action(report, "sources", await _write_source(session, source))
    for group in knowledge.groups:
        report_action(report, "groups", await _write_group(session, group))
    groups = await _ids(session, GroupRow)
    for entity in knowledge.entities:
        report_action(report, "entities", await _write_entity(session, entity, groups))
    for metric in knowledge.metrics:
        report_action(report, "metrics", await _write_metric(session, metric))
    await session.flush()
    if knowledge.facts:
        await _write_facts(session, knowledge.facts, actor, report)
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
        [_history(fact, "refused", row.value, attempted, row.version, actor, _now())],
    )
    return FactChange("refused", fact, row.value, row.version, row.updated_by)


async def set_fact(
    session: AsyncSession, fact: Fact, actor: str, expected_version: int | None = None
) -> FactChange:
    """Add or change one fact; refuse (and record) it if the stored version is not the one seen."""
    ids, row = await _fact_row(session, fact)
    stamp = _now()
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
        await bump_version(session)
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
    await bump_version(session)
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
        insert(FactHistoryRow), [_history(fact, "removed", row.value, None, seen, actor, _now())]
    )
    await bump_version(session)
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
