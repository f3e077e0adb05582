"""Shared fixtures: real databases (SQLite always, PostgreSQL when TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from knowledge.store import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL"
)  # e.g. postgresql+asyncpg://user@127.0.0.1:5432/postgres
REQUIRE_POSTGRES = os.environ.get("TALLY_REQUIRE_POSTGRES") == "1"


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    parsed = make_url(url)
    connection = await asyncpg.connect(
        user=parsed.username, password=parsed.password, host=parsed.host,
        port=parsed.port or 5432, database=parsed.database or "postgres",
    )  # fmt: skip
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def postgres_or_skip() -> str:
    """The PostgreSQL server URL for tests; skip (or fail in CI) when there is none."""
    if POSTGRES_URL:
        return POSTGRES_URL
    if REQUIRE_POSTGRES:
        pytest.fail("TEST_POSTGRES_URL is not set but TALLY_REQUIRE_POSTGRES=1")
    pytest.skip("no PostgreSQL: set TEST_POSTGRES_URL to run this test")


async def fresh_postgres_database() -> tuple[str, str]:
    """Create an empty PostgreSQL database; return its URL and name."""
    server = postgres_or_skip()
    name = f"tally_test_{uuid.uuid4().hex[:12]}"
    await _admin(server, f'CREATE DATABASE "{name}"')
    return make_url(server).set(database=name).render_as_string(hide_password=False), name


async def drop_postgres_database(name: str) -> None:
    """Drop a test database, closing what still uses it."""
    await _admin(POSTGRES_URL or "", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database URL, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}"
        return
    url, name = await fresh_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(name)


@pytest.fixture
async def seeded_kb(db_url: str) -> AsyncIterator[KnowledgeBase]:
    """A knowledge base holding the shipped figures, on each database."""
    kb = await KnowledgeBase.open(db_url, seed=True)
    try:
        yield kb
    finally:
        await kb.close()


@pytest.fixture
async def empty_kb(db_url: str) -> AsyncIterator[KnowledgeBase]:
    """A migrated, empty knowledge base, on each database."""
    kb = await KnowledgeBase.open(db_url, seed=False)
    try:
        yield kb
    finally:
        await kb.close()
