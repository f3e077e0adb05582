"""Engine and session set-up, migrations, and turning connection failures into one clear line."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from knowledge.errors import DatabaseUnavailableError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_DATABASE_PATH = Path("var") / "tally.db"


def default_database_url(path: Path = DEFAULT_DATABASE_PATH) -> str:
    """The embedded SQLite database's URL for a file path."""
    return f"sqlite+aiosqlite:///{path}"


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<malformed database URL>"


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def create_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for SQLite (aiosqlite) or PostgreSQL (asyncpg)."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUnavailableError(f"malformed database URL: {error}") from error
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    elif parsed.get_backend_name() == "postgresql":
        options.setdefault("pool_pre_ping", True)
    else:
        raise DatabaseUnavailableError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
        )
    try:
        engine = create_async_engine(url, **options)
    except (ArgumentError, ImportError) as error:
        raise DatabaseUnavailableError(
            f"cannot use database {describe_url(url)}: {error}"
        ) from error
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (no implicit refresh)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def unavailable(error: BaseException, url: str) -> DatabaseUnavailableError:
    """One plain sentence for a database that cannot be reached."""
    reason = getattr(error, "orig", None) or error
    text = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
    return DatabaseUnavailableError(f"the database {describe_url(url)} is unavailable: {text}")


CONNECTION_ERRORS: tuple[type[BaseException], ...] = (OperationalError, DBAPIError, OSError)


@asynccontextmanager
async def translate_errors(url: str) -> AsyncIterator[None]:
    """Turn driver-level connection failures into DatabaseUnavailableError."""
    try:
        yield
    except CONNECTION_ERRORS as error:
        raise unavailable(error, url) from error


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration for our migrations folder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema up to a revision (the latest by default)."""
    async with translate_errors(str(engine.url)), engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The schema's current Alembic revision, or None for an empty database."""
    async with translate_errors(str(engine.url)), engine.connect() as connection:
        return await connection.run_sync(_current)
