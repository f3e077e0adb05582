"""The double's state: users, guilds, channels, messages, attachments and synced commands."""

from __future__ import annotations

import re
from typing import Any

from .models import (
    BOT_PERMISSIONS,
    DM,
    EVERYONE_PERMISSIONS,
    GUILD_TEXT,
    JSON,
    Channel,
    FileUpload,
    Guild,
    Member,
    Role,
    SnowflakeGen,
    User,
    iso_now,
)
from .records import SentFile

LOADING = 1 << 7
MENTION_RE = re.compile(r"<@!?(\d+)>")


class World:
    """Everything the double knows about; REST handlers and the scenario API both use it."""

    def __init__(self, bot_name: str) -> None:
        self.ids = SnowflakeGen()
        self.bot_user = User(self.ids.next(), bot_name, bot=True)
        self.owner = User(self.ids.next(), "owner")
        self.application_id = self.bot_user.id
        self.bot_permissions = BOT_PERMISSIONS
        self.cdn_base = ""
        self.users: dict[int, User] = {self.bot_user.id: self.bot_user, self.owner.id: self.owner}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.dm_channels: dict[int, Channel] = {}
        self.messages: dict[int, JSON] = {}
        self.attachments: dict[int, FileUpload] = {}
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}

    # -- entities ------------------------------------------------------------------------------

    def add_user(self, name: str, *, locale: str = "en-US", bot: bool = False) -> User:
        """Create a user."""
        user = User(self.ids.next(), name, bot=bot, locale=locale)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, owner: User, locale: str, guild_id: int) -> Guild:
        """Create a guild with an @everyone role, its owner and the bot as members."""
        guild = Guild(guild_id, name, owner.id, locale=locale)
        guild.roles[guild.id] = Role(guild.id, "@everyone", EVERYONE_PERMISSIONS)
        self.guilds[guild.id] = guild
        self.add_member(guild, owner, EVERYONE_PERMISSIONS)
        self.add_member(guild, self.bot_user, self.bot_permissions)
        return guild

    def add_channel(self, guild: Guild, name: str, type_: int = GUILD_TEXT) -> Channel:
        """Create a guild channel."""
        channel = Channel(
            self.ids.next(), name, type_, guild_id=guild.id, position=len(guild.channels)
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_member(
        self, guild: Guild, user: User, permissions: int, nick: str | None = None
    ) -> Member:
        """Add (or replace) a member; extra permissions come from a role made for them."""
        role_ids: list[int] = []
        extra = permissions & ~EVERYONE_PERMISSIONS
        if extra:
            role = Role(self.ids.next(), f"perms-{permissions}", permissions, len(guild.roles))
            guild.roles[role.id] = role
            role_ids.append(role.id)
        member = Member(user, guild.id, permissions, role_ids, nick)
        guild.members[user.id] = member
        return member

    def member(self, guild: Guild, user: User) -> Member:
        """Return the user's membership, adding them with default permissions if absent."""
        found = guild.members.get(user.id)
        return found if found is not None else self.add_member(guild, user, EVERYONE_PERMISSIONS)

    def dm_channel(self, user: User) -> Channel:
        """Return (creating if needed) the DM channel between the bot and ``user``."""
        channel = self.dm_channels.get(user.id)
        if channel is None:
            channel = Channel(self.ids.next(), "", DM, recipient=user)
            self.dm_channels[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    def guild_of(self, channel_id: int) -> Guild | None:
        """Return the guild a channel belongs to, if any."""
        channel = self.channels.get(channel_id)
        if channel is None or channel.guild_id is None:
            return None
        return self.guilds.get(channel.guild_id)

    # -- attachments ---------------------------------------------------------------------------

    def attachment(self, upload: FileUpload | SentFile, channel_id: int) -> JSON:
        """Store a file and return its attachment object (served by the double's CDN route)."""
        attachment_id = self.ids.next()
        content_type = upload.content_type or "application/octet-stream"
        self.attachments[attachment_id] = FileUpload(upload.filename, upload.data, content_type)
        url = f"{self.cdn_base}/attachments/{channel_id}/{attachment_id}/{upload.filename}"
        return {
            "id": str(attachment_id),
            "filename": upload.filename,
            "size": len(upload.data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    # -- messages ------------------------------------------------------------------------------

    def make_message(
        self,
        channel_id: int,
        author: User,
        sent: JSON,
        files: list[SentFile],
        *,
        webhook_id: int | None = None,
        type_: int = 0,
        extra_flags: int = 0,
    ) -> JSON:
        """Create and store a message the bot sent, as Discord would return it."""
        message_id = self.ids.next()
        message: JSON = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": author.payload(),
            "content": "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(sent.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": type_,
            "flags": 0,
        }
        guild = self.guild_of(channel_id)
        if guild is not None:
            message["guild_id"] = str(guild.id)
        if webhook_id is not None:
            message["webhook_id"] = str(webhook_id)
        reference = sent.get("message_reference")
        if reference:
            reference = {k: str(v) if k.endswith("_id") else v for k, v in reference.items()}
            message["message_reference"] = reference
            message["type"] = 19
            referenced = self.messages.get(int(reference.get("message_id") or 0))
            if referenced is not None:
                message["referenced_message"] = referenced
        self.apply_edit(message, sent, files, edited=False)
        message["flags"] = int(sent.get("flags") or 0) | extra_flags
        self.messages[message_id] = message
        return message

    def apply_edit(
        self, message: JSON, sent: JSON, files: list[SentFile], edited: bool = True
    ) -> None:
        """Apply a create/edit payload (content, embeds, components, attachments) to a message."""
        for key in ("content", "embeds", "components", "poll"):
            if key in sent and sent[key] is not None:
                message[key] = sent[key]
        channel_id = int(message["channel_id"])
        kept = message.get("attachments") or []
        if "attachments" in sent:
            wanted = {str(a.get("id")) for a in sent.get("attachments") or []}
            kept = [a for a in kept if a["id"] in wanted]
        message["attachments"] = kept + [self.attachment(f, channel_id) for f in files]
        message["mentions"] = [
            self.users[int(i)].payload()
            for i in MENTION_RE.findall(message.get("content") or "")
            if int(i) in self.users
        ]
        if "flags" in sent and edited:
            message["flags"] = (int(sent.get("flags") or 0)) | (message["flags"] & ~LOADING)
        if edited:
            message["edited_timestamp"] = iso_now()

    def user_message(
        self, author: User, content: str, channel: Channel, attachments: list[JSON]
    ) -> JSON:
        """Build a MESSAGE_CREATE payload for a message a user writes."""
        mentions = [
            self.users[int(i)].payload()
            for i in MENTION_RE.findall(content)
            if int(i) in self.users
        ]
        message: JSON = {
            "id": str(self.ids.next()),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": content,
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": attachments,
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        guild = self.guild_of(channel.id)
        if guild is not None:
            message["guild_id"] = str(guild.id)
            message["member"] = self.member(guild, author).payload(with_user=False)
        self.messages[int(message["id"])] = message
        return message

    # -- application commands ------------------------------------------------------------------

    def sync_commands(self, guild_id: int | None, sent: list[JSON]) -> list[JSON]:
        """Replace a scope's commands with ``sent``; keep ids stable by name; return the echo."""
        old = self.global_commands if guild_id is None else self.guild_commands.get(guild_id, [])
        old_ids = {(c["name"], c.get("type", 1)): c["id"] for c in old}
        echoed: list[JSON] = []
        for command in sent:
            item: JSON = {
                "type": 1,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **command,
            }
            if item["default_member_permissions"] is not None:
                item["default_member_permissions"] = str(item["default_member_permissions"])
            key = (item["name"], item.get("type", 1))
            item["id"] = old_ids.get(key) or str(self.ids.next())
            item["application_id"] = str(self.application_id)
            item["version"] = str(self.ids.next())
            if guild_id is not None:
                item["guild_id"] = str(guild_id)
            echoed.append(item)
        if guild_id is None:
            self.global_commands = echoed
        else:
            self.guild_commands[guild_id] = echoed
        return echoed

    def find_command(self, name: str, guild_id: int | None, type_: int = 1) -> JSON | None:
        """Return the synced command a user would see: the guild's first, then the global one."""
        scopes: list[list[JSON]] = []
        if guild_id is not None:
            scopes.append(self.guild_commands.get(guild_id, []))
        scopes.append(self.global_commands)
        for scope in scopes:
            for command in scope:
                if command["name"] == name and command.get("type", 1) == type_:
                    return command
        return None

    def messages_in(self, channel_id: int) -> list[JSON]:
        """Return stored messages of a channel, newest first."""
        found = [m for m in self.messages.values() if m["channel_id"] == str(channel_id)]
        return sorted(found, key=lambda m: int(m["id"]), reverse=True)


def strip_content(message: JSON) -> JSON:
    """Return a copy of a message without content (no MESSAGE_CONTENT intent)."""
    data: dict[str, Any] = dict(message)
    data.update(content="", embeds=[], attachments=[], components=[])
    return data
