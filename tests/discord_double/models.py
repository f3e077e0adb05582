"""The world the double simulates: users, guilds, channels, members, and their JSON payloads."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1

EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | ADD_REACTIONS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_MESSAGES

# Gateway intents the double looks at.
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DM_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2
GUILD_CATEGORY = 4


def iso_now() -> str:
    """Return the current UTC time as an ISO-8601 string, as Discord formats timestamps."""
    return datetime.datetime.now(datetime.UTC).isoformat()


class SnowflakeGen:
    """Hand out unique, increasing snowflakes whose timestamp part grows by one per id."""

    def __init__(self) -> None:
        self._ms = int(time.time() * 1000) - DISCORD_EPOCH_MS

    def next(self) -> int:
        """Return a fresh snowflake."""
        self._ms += 1
        return self._ms << 22

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """Return a fresh snowflake that routes to ``shard_id`` out of ``shard_count`` shards."""
        while True:
            value = self.next()
            if (value >> 22) % shard_count == shard_id:
                return value


class HasId(Protocol):
    """Anything with an integer ``id`` (a double User, or a discord.py user/member)."""

    @property
    def id(self) -> int:
        """Return the snowflake."""
        ...


@dataclass
class User:
    """A Discord user (a person or a bot)."""

    id: int
    name: str
    bot: bool = False
    locale: str = "en-US"
    global_name: str | None = None

    @property
    def mention(self) -> str:
        """Return the ``<@id>`` mention string."""
        return f"<@{self.id}>"

    def payload(self) -> JSON:
        """Return the user object as Discord sends it."""
        data: JSON = {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    """A guild role with a permission bitfield."""

    id: int
    name: str
    permissions: int
    position: int = 0

    def payload(self) -> JSON:
        """Return the role object as Discord sends it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class Channel:
    """A guild channel or a DM channel."""

    id: int
    name: str
    type: int = GUILD_TEXT
    guild_id: int | None = None
    position: int = 0
    recipient: User | None = None

    @property
    def is_dm(self) -> bool:
        """Return whether this is a DM channel."""
        return self.type == DM

    def payload(self) -> JSON:
        """Return the channel object as Discord sends it."""
        if self.is_dm:
            recipients = [self.recipient.payload()] if self.recipient else []
            return {
                "id": str(self.id),
                "type": DM,
                "recipients": recipients,
                "last_message_id": None,
            }
        data: JSON = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.type == GUILD_TEXT:
            data.update(topic=None, rate_limit_per_user=0, last_message_id=None)
        return data


@dataclass
class Member:
    """A user's membership of a guild; ``permissions`` is the member's total guild bitfield."""

    user: User
    guild_id: int
    permissions: int = EVERYONE_PERMISSIONS
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    def payload(self, *, with_user: bool = True, with_permissions: bool = False) -> JSON:
        """Return the guild member object as Discord sends it."""
        data: JSON = {
            "roles": [str(r) for r in self.role_ids],
            "nick": self.nick,
            "avatar": None,
            "joined_at": self.joined_at,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if with_user:
            data["user"] = self.user.payload()
        if with_permissions:
            data["permissions"] = str(self.effective_permissions())
        return data

    def effective_permissions(self) -> int:
        """Return the member's permissions with ADMINISTRATOR expanded to every bit."""
        if self.permissions & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return self.permissions


@dataclass
class Guild:
    """A guild with its channels, roles and members."""

    id: int
    name: str
    owner_id: int
    locale: str = "en-US"
    channels: dict[int, Channel] = field(default_factory=dict)
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)

    @property
    def text_channels(self) -> list[Channel]:
        """Return the guild's text channels in creation order."""
        return [c for c in self.channels.values() if c.type == GUILD_TEXT]

    def shard_id(self, shard_count: int) -> int:
        """Return the shard this guild's events are routed to."""
        return (self.id >> 22) % shard_count

    def create_payload(self) -> JSON:
        """Return the GUILD_CREATE payload for this guild."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "owner_id": str(self.owner_id),
            "preferred_locale": self.locale,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "features": [],
            "emojis": [],
            "stickers": [],
            "system_channel_flags": 0,
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "roles": [r.payload() for r in self.roles.values()],
            "channels": [c.payload() for c in self.channels.values()],
            "members": [m.payload() for m in self.members.values()],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": iso_now(),
        }


@dataclass
class FileUpload:
    """A file a user attaches (to a slash-command option or a message)."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"
