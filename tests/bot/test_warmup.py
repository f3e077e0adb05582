"""Start-up: the answering caches warmed, the built heap frozen, the bot's event loop."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.__main__ import event_loop_factory
from bot.warmup import settle_heap, warm_up
from knowledge import format as knowledge_format
from knowledge.model import KnowledgeSet
from knowledge.store import seed_files
from knowledge.view import KnowledgeView


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_warm_up_answers_in_both_languages_over_the_seed() -> None:
    warm_up(KnowledgeView.build(knowledge_format.load_files(seed_files())))


def test_warm_up_over_an_empty_knowledge_base_does_nothing() -> None:
    warm_up(KnowledgeView.build(KnowledgeSet(), version=-1))


def test_settling_freezes_what_is_alive(unfrozen: None) -> None:
    settle_heap()
    assert gc.get_freeze_count() > 0


def test_only_the_running_bot_gets_uvloop() -> None:
    pytest.importorskip("uvloop")
    assert event_loop_factory("run") is not None
    assert event_loop_factory(None) is not None
    assert event_loop_factory("sync") is None
    assert event_loop_factory("ask") is None
