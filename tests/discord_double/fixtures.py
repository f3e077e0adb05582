"""Pytest fixtures for the double (the lead imports these into tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .server import DiscordDouble


@pytest_asyncio.fixture
async def discord_double() -> AsyncIterator[DiscordDouble]:
    """Yield a started DiscordDouble (one shard, 3 s interaction deadline); stop it afterwards."""
    async with DiscordDouble() as double:
        yield double


@pytest_asyncio.fixture
async def sharded_double() -> AsyncIterator[DiscordDouble]:
    """Yield a started DiscordDouble advertising two shards in GET /gateway/bot."""
    async with DiscordDouble(shard_count=2) as double:
        yield double


@pytest_asyncio.fixture
async def fast_heartbeat_double() -> AsyncIterator[DiscordDouble]:
    """Yield a DiscordDouble whose HELLO asks for a heartbeat every 0.25 s (for ack stalls)."""
    async with DiscordDouble(heartbeat_interval=0.25) as double:
        yield double
