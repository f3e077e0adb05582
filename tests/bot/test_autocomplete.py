"""Autocomplete choices: fuzzy on misspelt prefixes, localised, never more than 25."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.autocomplete import (
    MAX_CHOICES,
    Candidate,
    best_choices,
    entity_candidates,
    group_candidates,
    metric_candidates,
    period_candidates,
    source_candidates,
)
from knowledge.store import KnowledgeBase
from knowledge.view import KnowledgeView


@pytest_asyncio.fixture
async def view(tmp_path: Path) -> AsyncIterator[KnowledgeView]:
    kb = await KnowledgeBase.open(f"sqlite+aiosqlite:///{tmp_path / 'ac.db'}", seed=True)
    try:
        yield kb.view
    finally:
        await kb.close()


def values(choices: list) -> list[str]:  # type: ignore[type-arg]
    return [c.value for c in choices]


async def test_misspelt_prefixes_find_the_entity(view: KnowledgeView) -> None:
    for typed, expected in (("micrsof", "microsoft"), ("bytedanse", "bytedance"),
                            ("AWS", "amazon"), ("tenc", "tencent")):  # fmt: skip
        choices = best_choices(entity_candidates(view, "en"), typed)
        assert choices and choices[0].value == expected, (typed, values(choices))


async def test_metrics_and_groups_are_labelled_in_the_language(view: KnowledgeView) -> None:
    [first, *_] = best_choices(metric_candidates(view, "fr"), "hoper")
    assert first.value == "hopper-gpus" and first.name == "Puces Nvidia Hopper achetées"
    english = best_choices(metric_candidates(view, "en"), "server spend")
    assert english[0].value == "server-spending" and english[0].name == "Server spending"
    assert best_choices(group_candidates(view, "fr"), "chinoi")[0].name == "entreprises chinoises"
    assert best_choices(group_candidates(view, "en"), "americ")[0].value == "us"


async def test_periods_follow_the_chosen_metric_latest_first(view: KnowledgeView) -> None:
    periods = values(best_choices(period_candidates(view, "hopper-gpus"), ""))
    assert periods[0] == "2024" and "2023" in periods
    assert values(best_choices(period_candidates(view, None), "2023", fuzzy=False)) == ["2023"]


async def test_sources_show_title_and_date(view: KnowledgeView) -> None:
    choices = best_choices(source_candidates(view), "financial")
    assert choices and choices[0].value == "ft-omdia-2024"  # matched by its publisher
    assert choices[0].name.endswith("(2024-12-18)")


def test_never_more_than_25_and_names_within_100_characters() -> None:
    many = [Candidate(f"key-{i}", f"Entity {i} " + "x" * 150, (f"Entity {i}",)) for i in range(80)]
    assert len(best_choices(many, "")) == MAX_CHOICES
    matched = best_choices(many, "entity")
    assert len(matched) == MAX_CHOICES
    assert all(len(c.name) <= 100 for c in matched)


def test_nonsense_gives_no_choices() -> None:
    pool = [Candidate("microsoft", "Microsoft", ("Microsoft", "MSFT"))]
    assert best_choices(pool, "zzqqxx") == []
