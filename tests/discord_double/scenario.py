"""The scripting API mixed into DiscordDouble: build a world and act as users."""

# The API takes timeout= on purpose (like asyncio.wait_for).
# ruff: noqa: ASYNC109

from __future__ import annotations

import time
from collections.abc import Sequence

from .models import (
    EVERYONE_PERMISSIONS,
    GUILD_TEXT,
    INTENT_DM_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGES,
    INTENT_GUILDS,
    INTENT_MESSAGE_CONTENT,
    JSON,
    Channel,
    FileUpload,
    Guild,
    HasId,
    Member,
    User,
)
from .records import DispatchedMessage
from .waits import Waits
from .world import strip_content

Where = Channel | Guild | None


class Scenario(Waits):
    """World-building and user-action methods of the double (async, in the test's event loop)."""

    # -- world ---------------------------------------------------------------------------------

    async def create_user(self, name: str, *, locale: str = "en-US", bot: bool = False) -> User:
        """Create a user (a person, or another bot with ``bot=True``)."""
        return self.world.add_user(name, locale=locale, bot=bot)

    async def create_guild(
        self,
        name: str = "Guild",
        *,
        owner: User | None = None,
        locale: str = "en-US",
        shard: int | None = None,
        channels: Sequence[str] = ("general",),
    ) -> Guild:
        """Create a guild (optionally on a given shard) with text channels; GUILD_CREATE if live."""
        gen = self.world.ids
        count = self.gateway.shard_count()
        if shard is not None and not 0 <= shard < count:
            raise ValueError(f"shard {shard} out of range for {count} shard(s)")
        guild_id = gen.next() if shard is None else gen.next_on_shard(shard, count)
        guild = self.world.add_guild(name, owner or self.world.owner, locale, guild_id)
        for channel_name in channels:
            self.world.add_channel(guild, channel_name)
        session = self.gateway.session_for(guild.id)
        if session is not None and session.ready and session.intents & INTENT_GUILDS:
            await session.dispatch("GUILD_CREATE", guild.create_payload())
        return guild

    async def create_channel(self, guild: Guild, name: str, *, type: int = GUILD_TEXT) -> Channel:
        """Create a guild channel; CHANNEL_CREATE if the guild's shard is live."""
        channel = self.world.add_channel(guild, name, type)
        await self._dispatch_if_intent("CHANNEL_CREATE", channel.payload(), guild.id, INTENT_GUILDS)
        return channel

    async def add_member(
        self,
        guild: Guild,
        user: User,
        *,
        permissions: int = EVERYONE_PERMISSIONS,
        nick: str | None = None,
    ) -> Member:
        """Add a member with a guild permission bitfield (GUILD_MEMBER_ADD if members intent)."""
        member = self.world.add_member(guild, user, permissions, nick)
        payload = {**member.payload(), "guild_id": str(guild.id)}
        await self._dispatch_if_intent("GUILD_MEMBER_ADD", payload, guild.id, INTENT_GUILD_MEMBERS)
        return member

    async def dm_channel(self, user: User) -> Channel:
        """Return the DM channel between the bot and ``user``."""
        return self.world.dm_channel(user)

    async def _dispatch_if_intent(self, event: str, data: JSON, guild_id: int, intent: int) -> None:
        session = self.gateway.session_for(guild_id)
        if session is not None and session.ready and session.intents & intent:
            await session.dispatch(event, data)

    # -- places ------------------------------------------------------------------------------

    # -- interactions --------------------------------------------------------------------------

    def _place(self, user: User, where: Where) -> tuple[Channel, Guild | None]:
        if isinstance(where, Guild):
            if not where.text_channels:
                raise ValueError(f"guild {where.name} has no text channel")
            return where.text_channels[0], where
        if where is None or where.is_dm:
            return self.world.dm_channel(user), None
        return where, self.world.guild_of(where.id)

    # -- messages ------------------------------------------------------------------------------

    async def send_message(
        self,
        author: User,
        content: str,
        channel: Where = None,
        *,
        mentions: Sequence[HasId] = (),
        attachments: Sequence[FileUpload] = (),
        wait_connected: bool = True,
        timeout: float = 5.0,
    ) -> DispatchedMessage:
        """Post a user message (a DM when ``channel`` is None); ``mentions`` are added to content.

        Respects intents: no dispatch without GUILD_MESSAGES / DM_MESSAGES, and an empty content
        without MESSAGE_CONTENT unless it is a DM or mentions the bot.
        """
        place, guild = self._place(author, channel)
        for user in mentions:
            if f"<@{user.id}>" not in content and f"<@!{user.id}>" not in content:
                content = f"<@{user.id}> {content}"
        files = [self.world.attachment(a, place.id) for a in attachments]
        message = self.world.user_message(author, content, place, files)
        record = DispatchedMessage(
            id=int(message["id"]),
            channel_id=place.id,
            guild_id=guild.id if guild else None,
            author_id=author.id,
            content=content,
            payload=message,
            shard_id=self.gateway.shard_of(guild.id if guild else None),
            created_at=time.monotonic(),
        )
        self.user_messages.append(record)
        if wait_connected:
            await self.wait_for_shard(record.guild_id, timeout=timeout)
        await self._dispatch_message(message, record)
        return record

    async def _dispatch_message(
        self, message: JSON, record: DispatchedMessage | None = None
    ) -> None:
        guild_id = int(message["guild_id"]) if "guild_id" in message else None
        session = self.gateway.session_for(guild_id)
        if session is None:
            return
        intent = INTENT_GUILD_MESSAGES if guild_id else INTENT_DM_MESSAGES
        if not session.intents & intent:
            return
        bot_id = str(self.world.bot_user.id)
        visible = (
            guild_id is None
            or session.intents & INTENT_MESSAGE_CONTENT
            or message["author"]["id"] == bot_id
            or any(m["id"] == bot_id for m in message.get("mentions") or [])
        )
        data = message if visible else strip_content(message)
        if record is not None:
            record.visible_content = data["content"]
        channel_id = int(message["channel_id"])

        def sent(at: float) -> None:
            if record is not None:
                record.dispatched_at = at
                self.last_user_message_at[channel_id] = at

        await session.dispatch("MESSAGE_CREATE", data, sent)
        self.notify()

    async def echo_bot_message(self, message: JSON) -> None:
        """Dispatch MESSAGE_CREATE for a message the bot posted, as Discord does."""
        if self.echo_bot_messages:
            await self._dispatch_message(message)
