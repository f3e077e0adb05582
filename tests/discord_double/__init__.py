"""A loopback double of Discord's REST API and gateway, for tests (see README.md)."""

from .faults import RestFault
from .harness import BotProcess, point_discord_at, pointed_at, running, subprocess_bot
from .interactions import CommandNotAvailable
from .models import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    EVERYONE_PERMISSIONS,
    MANAGE_GUILD,
    Channel,
    FileUpload,
    Guild,
    Member,
    Role,
    User,
)
from .records import (
    CALLBACK,
    CHANNEL_MESSAGE,
    EDIT_MESSAGE,
    EDIT_ORIGINAL,
    FOLLOWUP,
    DispatchedMessage,
    GatewayRecord,
    InteractionRecord,
    Reply,
    RestCall,
    SentFile,
)
from .server import CommandSync, DiscordDouble, DoubleServer, DoubleTimeout

__all__ = [
    "ADMINISTRATOR",
    "ALL_PERMISSIONS",
    "CALLBACK",
    "CHANNEL_MESSAGE",
    "EDIT_MESSAGE",
    "EDIT_ORIGINAL",
    "EVERYONE_PERMISSIONS",
    "FOLLOWUP",
    "MANAGE_GUILD",
    "BotProcess",
    "Channel",
    "CommandNotAvailable",
    "CommandSync",
    "DiscordDouble",
    "DispatchedMessage",
    "DoubleServer",
    "DoubleTimeout",
    "FileUpload",
    "GatewayRecord",
    "Guild",
    "InteractionRecord",
    "Member",
    "Reply",
    "RestCall",
    "RestFault",
    "Role",
    "SentFile",
    "User",
    "point_discord_at",
    "pointed_at",
    "running",
    "subprocess_bot",
]
