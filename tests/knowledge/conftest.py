"""Fixtures of the knowledge tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from knowledge.store import KnowledgeBase
from tests.knowledge.question_table import seed_paths


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def table_kb(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[KnowledgeBase]:
    """An SQLite knowledge base holding exactly the shipped figures, shared by the module."""
    path: Path = tmp_path_factory.mktemp("table") / "kb.db"
    kb = await KnowledgeBase.open(f"sqlite+aiosqlite:///{path}", seed=False)
    try:
        await kb.load_files(seed_paths(), actor="test")
        yield kb
    finally:
        await kb.close()
