"""Single-fact edits patch the view; the patched view is the one a full rebuild would give."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from sqlalchemy import delete

from db.models import KnowledgeChangeRow
from knowledge.engine import answer
from knowledge.model import Fact
from knowledge.store import KnowledgeBase
from knowledge.view import KnowledgeView
from tests.knowledge.question_table import seed_paths

QUESTIONS = [
    "who bought the most Hopper chips?",
    "how many Hopper chips did Meta buy in 2023?",
    "top 3 Hopper chips 2024",
    "total Hopper chips in 2024 among Chinese companies",
    "what share of server spending did Microsoft have?",
]


def canonical(view: KnowledgeView) -> dict[str, Any]:
    """What answering reads from a view, in a form that compares equal across builds."""
    return {
        "version": view.version,
        "facts": sorted((*f.identity, f.value, f.version) for f in view.facts),
        "ranked": {k: [(f.entity, f.value, f.source) for f in v] for k, v in view.ranked.items()},
        "aggregates": {k: sorted(f.identity for f in v) for k, v in view.aggregates.items()},
        "by_entity": {k: [(*f.identity, f.value) for f in v] for k, v in view.by_entity.items()},
        "periods": view.periods,
    }


async def rebuilt(kb: KnowledgeBase) -> KnowledgeView:
    """The view a full rebuild of what is stored now gives."""
    return KnowledgeView.build(await kb.export(), await kb.stored_version())


async def assert_same_as_rebuilt(kb: KnowledgeBase) -> None:
    fresh = await rebuilt(kb)
    assert canonical(kb.view) == canonical(fresh)
    for question in QUESTIONS:
        patched = await answer(question, kb=kb)
        assert patched.text == (await answer(question, kb=fresh)).text, question


async def random_edit(kb: KnowledgeBase, rng: random.Random) -> None:
    """Change, add or remove one fact; values collide often, so ties come and go."""
    view = kb.view
    facts = sorted(view.preferred_facts(), key=lambda f: f.identity)
    choice = rng.random()
    if choice < 0.45:
        fact = rng.choice(facts)
        value = Decimal(rng.choice([15000, 50000, 150000, 230000, 485000, 999000]))
        await kb.set_fact(_with(fact, value), "test")
    elif choice < 0.75:
        entity = rng.choice(sorted(view.entities))
        metric = rng.choice(sorted(view.metrics))
        period = rng.choice(["2022", "2023", "2024", "2024-Q4"])
        source = rng.choice(sorted(view.sources))
        value = Decimal(rng.choice([1, 50000, 230000, 700000]))
        await kb.set_fact(Fact(entity, metric, period, value, source), "test")
    else:
        await kb.remove_fact(rng.choice(facts), "test")


def _with(fact: Fact, value: Decimal) -> Fact:
    return Fact(fact.entity, fact.metric, fact.period, value, fact.source, fact.approximate)


async def test_edits_patch_the_view_exactly_as_a_rebuild_would(db_url: str) -> None:
    kb = await KnowledgeBase.open(db_url, seed=False)
    try:
        await kb.load_files(seed_paths(), actor="test")
        assert kb.last_refresh_kind == "full"
        rng = random.Random(20261129)
        for _ in range(40):
            before = kb.view.version
            await random_edit(kb, rng)
            if kb.view.version != before:
                assert kb.last_refresh_kind == "incremental"
            await assert_same_as_rebuilt(kb)
    finally:
        await kb.close()


async def test_another_process_patches_its_view_too(db_url: str) -> None:
    writer = await KnowledgeBase.open(db_url, seed=False)
    await writer.load_files(seed_paths(), actor="test")
    reader = await KnowledgeBase.open(db_url, seed=False)
    try:
        rng = random.Random(7)
        for _ in range(5):
            await random_edit(writer, rng)
        assert await reader.refresh_if_older(writer.view.version)
        assert reader.last_refresh_kind == "incremental"
        assert reader.view.version == writer.view.version
        await assert_same_as_rebuilt(reader)
    finally:
        await reader.close()
        await writer.close()


async def test_a_load_or_a_gap_in_the_changes_rebuilds_in_full(db_url: str) -> None:
    writer = await KnowledgeBase.open(db_url, seed=False)
    await writer.load_files(seed_paths(), actor="test")
    reader = await KnowledgeBase.open(db_url, seed=False)
    try:
        meta = reader.view.fact("meta", "hopper-gpus", "2024")
        assert meta is not None
        await writer.set_fact(_with(meta, Decimal(1)), "test")
        await writer.set_fact(_with(meta, Decimal(2)), "test")

        async def prune(session: Any) -> None:
            await session.execute(delete(KnowledgeChangeRow).where(KnowledgeChangeRow.version > 0))

        await writer.run(prune, commit=True)  # as if the reader had been away for long
        assert await reader.refresh_if_changed()
        assert reader.last_refresh_kind == "full"
        await assert_same_as_rebuilt(reader)

        await writer.set_fact(_with(meta, Decimal(3)), "test")
        await writer.load_files(seed_paths(), actor="test")  # puts 224,000 back: a load
        assert await reader.refresh_if_changed()
        assert reader.last_refresh_kind == "full"
        assert reader.view.fact("meta", "hopper-gpus", "2024") == writer.view.fact(
            "meta", "hopper-gpus", "2024"
        )
        await assert_same_as_rebuilt(reader)
    finally:
        await reader.close()
        await writer.close()
