"""FACT_HISTORY_DAYS: recorded fact changes older than the retention are deleted, newer ones kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FactHistoryRow
from db.writes import prune_history
from knowledge.store import KnowledgeBase

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def change(days_ago: float) -> FactHistoryRow:
    """A recorded update to Meta's figure some days before NOW, its author saying when."""
    return FactHistoryRow(
        entity_key="meta",
        metric_key="hopper-gpus",
        period="2024",
        source_key="seed-article",
        action="updated",
        old_value=Decimal(1),
        new_value=Decimal(2),
        version=2,
        changed_at=NOW - timedelta(days=days_ago),
        changed_by=f"{days_ago} days ago",
    )


async def record(kb: KnowledgeBase, *days_ago: float) -> None:
    async def write(session: AsyncSession) -> None:
        session.add_all([change(days) for days in days_ago])

    await kb.run(write, commit=True)


async def authors(kb: KnowledgeBase) -> list[str]:
    async def read(session: AsyncSession) -> list[str]:
        return sorted(await session.scalars(select(FactHistoryRow.changed_by)))

    return await kb.run(read)


async def test_prune_removes_only_changes_recorded_before_the_cutoff(
    empty_kb: KnowledgeBase,
) -> None:
    await record(empty_kb, 0, 29.9, 30.1, 400)
    cutoff = NOW - timedelta(days=30)
    removed = await empty_kb.run(lambda s: prune_history(s, cutoff), commit=True)
    assert removed == 2
    assert await authors(empty_kb) == ["0 days ago", "29.9 days ago"]
    assert await empty_kb.run(lambda s: prune_history(s, cutoff), commit=True) == 0


async def test_the_knowledge_base_keeps_the_days_asked_for(empty_kb: KnowledgeBase) -> None:
    await record(empty_kb, 1, 10, 100)
    assert await empty_kb.prune_history(7, now=NOW) == 2
    assert await authors(empty_kb) == ["1 days ago"]
    # the history shown to curators is what is left
    assert [entry.changed_by for entry in await empty_kb.history("meta")] == ["1 days ago"]
