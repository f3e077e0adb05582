"""Waiting on and inspecting what the bot did (mixed into DiscordDouble)."""

from __future__ import annotations

# The API takes timeout= on purpose (like asyncio.wait_for).
# ruff: noqa: ASYNC109
import asyncio
import contextlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from .core import DoubleCore
from .models import JSON, Channel, Guild
from .records import (
    CHANNEL_MESSAGE,
    INTERACTION_KINDS,
    TYPING,
    DispatchedMessage,
    GatewayRecord,
    InteractionRecord,
    Reply,
)

T = TypeVar("T")


class DoubleTimeout(AssertionError):
    """A wait on the double timed out (an AssertionError, so pytest shows it as a failure)."""


def channel_id_of(channel: Channel | DispatchedMessage) -> int:
    """Return the channel id of a Channel or of a dispatched user message."""
    return channel.id if isinstance(channel, Channel) else channel.channel_id


class Waits(DoubleCore):
    """wait_for_* / expect_* / inspection methods."""

    # -- waiting -------------------------------------------------------------------------------

    async def wait_until(
        self,
        predicate: Callable[[], T | None],
        *,
        timeout: float = 5.0,
        what: str = "condition",
    ) -> T:
        """Wait until ``predicate()`` returns something truthy and return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise DoubleTimeout(f"timed out after {timeout}s waiting for {what}")
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 0.25))

    def _claim(self, candidates: Iterable[Reply]) -> Reply | None:
        for reply in candidates:
            if not reply.claimed:
                reply.claimed = True
                return reply
        return None

    async def wait_for_reply(
        self,
        interaction: InteractionRecord,
        *,
        timeout: float = 3.0,
        kind: str | Iterable[str] | None = None,
        predicate: Callable[[Reply], bool] | None = None,
    ) -> Reply:
        """Return the next unclaimed reply (callback, follow-up, edit…) to an interaction."""
        kinds = (
            INTERACTION_KINDS if kind is None else {kind} if isinstance(kind, str) else set(kind)
        )

        def find() -> Reply | None:
            return self._claim(
                r
                for r in self.replies
                if r.interaction_id == interaction.id
                and r.kind in kinds
                and (predicate is None or predicate(r))
            )

        try:
            return await self.wait_until(
                find, timeout=timeout, what=f"a reply to {interaction.name}"
            )
        except DoubleTimeout as exc:
            raise DoubleTimeout(f"{exc}\n{self.describe(interaction)}") from None

    async def wait_for_message(
        self,
        channel: Channel | DispatchedMessage | int,
        *,
        timeout: float = 3.0,
        kinds: Iterable[str] = (CHANNEL_MESSAGE,),
        predicate: Callable[[Reply], bool] | None = None,
    ) -> Reply:
        """Return the next unclaimed message the bot posted in a channel."""
        channel_id = channel if isinstance(channel, int) else channel_id_of(channel)
        wanted = set(kinds)

        def find() -> Reply | None:
            return self._claim(
                r
                for r in self.replies
                if r.channel_id == channel_id
                and r.kind in wanted
                and (predicate is None or predicate(r))
            )

        return await self.wait_until(find, timeout=timeout, what=f"a message in {channel_id}")

    async def expect_no_message(
        self,
        channel: Channel | DispatchedMessage | int | None = None,
        *,
        within: float = 0.5,
    ) -> None:
        """Wait ``within`` seconds, then fail if the bot sent anything unclaimed (to a channel)."""
        await asyncio.sleep(within)
        channel_id = channel if isinstance(channel, int) or channel is None else None
        if channel is not None and not isinstance(channel, int):
            channel_id = channel_id_of(channel)
        stray = [
            r
            for r in self.replies
            if not r.claimed
            and r.kind != TYPING
            and (channel_id is None or r.channel_id == channel_id)
        ]
        if stray:
            raise AssertionError(f"unexpected bot output: {[(r.kind, r.payload) for r in stray]}")

    async def wait_for_gateway(
        self,
        kind: str,
        *,
        shard_id: int | None = None,
        since: float | None = None,
        timeout: float = 5.0,
    ) -> GatewayRecord:
        """Return the first gateway record of ``kind`` (identify, resume…) after ``since``."""

        def find() -> GatewayRecord | None:
            for record in self.gateway_log:
                if record.kind != kind or (since is not None and record.at < since):
                    continue
                if shard_id is None or record.shard_id == shard_id:
                    return record
            return None

        return await self.wait_until(find, timeout=timeout, what=f"gateway {kind} ({shard_id})")

    async def wait_for_shard(self, guild_id: int | None = None, *, timeout: float = 5.0) -> None:
        """Wait until the shard serving ``guild_id`` (None: DMs, shard 0) is live."""

        def live() -> bool:
            session = self.gateway.session_for(guild_id)
            return session is not None and session.live

        await self.wait_until(live, timeout=timeout, what=f"a live shard for guild {guild_id}")

    async def wait_for_ready(self, *, timeout: float = 5.0) -> None:
        """Wait until every shard (of the count the client uses) has a live session."""

        def all_live() -> bool:
            count = self.gateway.shard_count()
            sessions = self.gateway.sessions
            return all(i in sessions and sessions[i].live for i in range(count))

        await self.wait_until(all_live, timeout=timeout, what="every shard to be live")

    async def wait_for_command_sync(
        self, guild: Guild | int | None = None, *, timeout: float = 5.0
    ) -> list[JSON]:
        """Wait for a bulk command sync of a scope (None: global) and return its commands."""
        guild_id = guild.id if isinstance(guild, Guild) else guild

        def find() -> list[JSON] | None:
            for sync in reversed(self.command_syncs):
                if sync.guild_id == guild_id:
                    return sync.commands or [{}]
            return None

        found = await self.wait_until(find, timeout=timeout, what=f"a command sync for {guild_id}")
        return [c for c in found if c]

    # -- inspection ----------------------------------------------------------------------------

    def replies_for(self, interaction: InteractionRecord) -> list[Reply]:
        """Return every reply to an interaction, claimed or not."""
        return [r for r in self.replies if r.interaction_id == interaction.id]

    def unanswered_interactions(self) -> list[InteractionRecord]:
        """Return command/component interactions that got no accepted callback."""
        return [i for i in self.interactions.values() if not i.acknowledged]

    def command(self, name: str, guild: Guild | int | None = None) -> JSON | None:
        """Return the synced command a user would see (guild scope first, then global)."""
        return self.world.find_command(name, guild.id if isinstance(guild, Guild) else guild)

    def describe(self, interaction: InteractionRecord) -> str:
        """Return a diagnostic summary of an interaction and related REST calls."""
        calls = [
            c for c in self.requests if interaction.token in c.path or str(interaction.id) in c.path
        ]
        return (
            f"interaction {interaction.name} id={interaction.id} shard={interaction.shard_id} "
            f"dispatched_at={interaction.dispatched_at} acknowledged={interaction.acknowledged}\n"
            f"replies={[(r.kind, r.payload) for r in self.replies_for(interaction)]}\n"
            f"calls={[(c.method, c.status, c.fault) for c in calls]}"
        )
