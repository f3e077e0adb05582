"""Reading everything a partition of rows at a time: the same knowledge, the loop runs between."""

from __future__ import annotations

import asyncio
import dataclasses
from decimal import Decimal

import pytest

from db import repo
from knowledge.model import KnowledgeSet
from knowledge.store import KnowledgeBase

# trailing zeros, tiny and huge: read as text, each must come back with its digits
VALUES = ["1.50", "0.0000001", "1E+3", "123456789012345678901234567890", "0.000", "1.50", "-2.5"]


def _exact(knowledge: KnowledgeSet) -> dict[str, object]:
    """Everything read, in reading order, values with their written digits."""
    return {
        "entities": knowledge.entities,
        "facts": [(f, str(f.value)) for f in knowledge.facts],
        "groups": knowledge.groups,
        "metrics": knowledge.metrics,
        "sources": knowledge.sources,
    }


async def test_reading_in_small_partitions_gives_the_same_knowledge(
    seeded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = await seeded_kb.run(repo.load_knowledge)
    for size in (1, 3):
        monkeypatch.setattr(repo, "ROWS_PER_PARTITION", size)
        assert _exact(await seeded_kb.run(repo.load_knowledge)) == _exact(whole)
    assert any(f.note for f in whole.facts) and any(e.aliases for e in whole.entities)


async def test_the_event_loop_runs_between_partitions(
    seeded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repo, "ROWS_PER_PARTITION", 2)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0)
    try:
        before = ticks
        facts = await seeded_kb.run(repo.load_facts)
        ran = ticks - before
    finally:
        ticker.cancel()
    assert ran >= len(facts) // 2  # at least once per partition of two


async def test_values_read_as_text_are_the_decimals_the_typed_column_gives(
    seeded_kb: KnowledgeBase,
) -> None:
    model = seeded_kb.view.facts[0]
    periods = [f"20{10 + number}" for number in range(len(VALUES))]
    for period, value in zip(periods, VALUES, strict=True):
        await seeded_kb.set_fact(
            dataclasses.replace(model, period=period, value=Decimal(value)), "t"
        )
    cells = [(model.entity, model.metric, period) for period in periods]
    typed = {
        f.period: f.value for f in await seeded_kb.run(lambda s: repo.load_cell_facts(s, cells))
    }
    read = {f.period: f.value for f in await seeded_kb.run(repo.load_facts) if f.period in typed}
    assert {p: str(v) for p, v in read.items()} == {p: str(v) for p, v in typed.items()}
    assert len(read) == len(VALUES)
