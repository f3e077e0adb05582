"""Settling the heap after a refresh: in full after a rebuild, only a freeze after a patch."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

import bot.warmup
from bot.warmup import settle_after_refresh, settle_heap
from knowledge.model import KnowledgeSet
from knowledge.store import REFRESH_KIND_KEY
from knowledge.view import KnowledgeView


class Node:
    """Something that can sit in a reference cycle and be watched through a weak reference."""

    def __init__(self) -> None:
        self.itself = self


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.enable()
    gc.unfreeze()


def _garbage_cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


def test_a_patch_settle_freezes_without_collecting_and_a_full_one_collects(
    unfrozen: None,
) -> None:
    gc.disable()  # no automatic pass may collect the cycle first
    cycle = _garbage_cycle()
    settle_heap(patched=True)
    assert cycle() is not None  # frozen, not examined
    settle_heap()
    assert cycle() is None


def _view(kind: str) -> KnowledgeView:
    view = KnowledgeView.build(KnowledgeSet(), version=1)
    view.cache[REFRESH_KIND_KEY] = kind
    return view


async def test_the_settle_waits_for_the_collector_to_be_back(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled: list[bool] = []
    monkeypatch.setattr(bot.warmup, "settle_heap", lambda *, patched: settled.append(patched))
    monkeypatch.setattr(bot.warmup, "SETTLE_RETRY_SECONDS", 0.01)
    gc.disable()  # as a full refresh does until it has freed the view it replaced
    settle_after_refresh(_view("full"))
    await asyncio.sleep(0.05)
    assert settled == []
    gc.enable()
    await asyncio.sleep(0.05)
    assert settled == [False]
    settle_after_refresh(_view("incremental"))
    await asyncio.sleep(0)
    assert settled == [False, True]
