"""A full refresh in turns with the event loop: the collector paused, the old view freed in a thread.

The timings themselves are measured by `python -m bench.loopstall`; these check the mechanics.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from decimal import Decimal

import pytest

from db import repo
from knowledge import format as knowledge_format
from knowledge import store
from knowledge.model import Fact
from knowledge.store import REFRESH_KIND_KEY, KnowledgeBase, seed_files
from knowledge.view import KnowledgeView
from tests.knowledge.test_incremental_refresh import canonical


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


async def test_a_refresh_read_in_small_partitions_builds_the_same_view(
    seeded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = canonical(seeded_kb.view)
    monkeypatch.setattr(repo, "ROWS_PER_PARTITION", 1)
    assert canonical(await seeded_kb.refresh()) == whole


async def test_the_collector_is_paused_through_a_full_refresh_only(
    seeded_kb: KnowledgeBase,
) -> None:
    seen: list[tuple[object, bool]] = []
    seeded_kb.add_refresh_hook(
        lambda view: seen.append((view.cache.get(REFRESH_KIND_KEY), gc.isenabled()))
    )
    seen.clear()
    await seeded_kb.refresh()
    meta = seeded_kb.view.fact("meta", "hopper-gpus", "2024")
    assert meta is not None
    await seeded_kb.set_fact(
        Fact(meta.entity, meta.metric, meta.period, Decimal(1), meta.source), "test"
    )
    assert seeded_kb.last_refresh_kind == "incremental"
    assert seen == [("full", False), ("incremental", True)]
    assert gc.isenabled()


async def test_a_large_view_is_frozen_once_built(
    seeded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, unfrozen: None
) -> None:
    await seeded_kb.refresh()
    assert gc.get_freeze_count() == 0  # 29 facts: the collector walks them in no time
    monkeypatch.setattr(store, "FREEZE_FROM_FACTS", 20)
    view = await seeded_kb.refresh()
    assert gc.get_freeze_count() > len(view.facts)
    assert gc.isenabled()


def test_releasing_a_replaced_view_drops_every_reference_to_its_facts() -> None:
    view = KnowledgeView.build(knowledge_format.load_files(seed_files()))
    fact = view.facts[0]
    held = sys.getrefcount(fact)
    replaced = [view]
    del view
    store._release(replaced)
    assert replaced == []
    assert sys.getrefcount(fact) < held
