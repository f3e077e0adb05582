"""The core of DiscordDouble: configuration, addresses and the records everything appends to."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .faults import FaultBook
from .models import JSON, User
from .records import DispatchedMessage, GatewayRecord, InteractionRecord, Reply, RestCall
from .world import World

if TYPE_CHECKING:
    from .gateway import GatewayHub
    from .rest import RestApi


@dataclass
class CommandSync:
    """One bulk command overwrite the bot made (``guild_id`` None for global)."""

    guild_id: int | None
    commands: list[JSON]
    at: float


class DoubleCore:
    """Configuration, addresses and records of the double (the base of DiscordDouble)."""

    gateway: GatewayHub
    rest: RestApi

    def __init__(
        self,
        *,
        token: str | None = None,
        shard_count: int = 1,
        heartbeat_interval: float = 41.25,
        interaction_deadline: float | None = 3.0,
        followup_lifetime: float = 900.0,
        strict_commands: bool = True,
        echo_bot_messages: bool = True,
        bot_name: str = "Tally",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token or f"double.{secrets.token_hex(12)}"
        self.shard_count = shard_count
        self.heartbeat_interval = heartbeat_interval
        self.interaction_deadline = interaction_deadline
        self.followup_lifetime = followup_lifetime
        self.strict_commands = strict_commands
        self.echo_bot_messages = echo_bot_messages
        self.application_flags = 1 << 23  # GATEWAY_MESSAGE_CONTENT_LIMITED
        self.host, self.port = host, port
        self.world = World(bot_name)
        self.faults = FaultBook()
        self.replies: list[Reply] = []
        self.requests: list[RestCall] = []
        self.rest_connections = 0  # TCP connections the REST requests came over, in all
        self.unknown_routes: list[tuple[str, str]] = []
        self.gateway_log: list[GatewayRecord] = []
        self.interactions: dict[int, InteractionRecord] = {}
        self.interactions_by_token: dict[str, InteractionRecord] = {}
        self.user_messages: list[DispatchedMessage] = []
        self.command_syncs: list[CommandSync] = []
        self.late_callbacks: list[InteractionRecord] = []
        self.last_user_message_at: dict[int, float] = {}
        self._changed = asyncio.Event()
        self._build_servers()

    def _build_servers(self) -> None:
        """Create the gateway and REST servers (DiscordDouble does)."""
        raise NotImplementedError

    # -- addresses -----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Return ``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """Return the REST base, for ``discord.http.Route.BASE`` / ``DISCORD_API_BASE``."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Return the gateway URL, for ``DEFAULT_GATEWAY`` / ``DISCORD_GATEWAY_URL``."""
        return f"ws://{self.host}:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        """Return the URL READY hands out for resuming (a distinct path, to check it is used)."""
        return f"ws://{self.host}:{self.port}/gateway/resume"

    @property
    def heartbeat_interval_ms(self) -> int:
        """Return the HELLO heartbeat interval in milliseconds."""
        return int(self.heartbeat_interval * 1000)

    @property
    def application_id(self) -> int:
        """Return the application id (equal to the bot user's id)."""
        return self.world.application_id

    @property
    def bot_user(self) -> User:
        """Return the bot's User (mention it with ``double.bot_user.mention``)."""
        return self.world.bot_user

    def bot_env(self) -> dict[str, str]:
        """Return the environment a subprocess bot needs to use this double."""
        return {
            "DISCORD_TOKEN": self.token,
            "DISCORD_API_BASE": self.api_base,
            "DISCORD_GATEWAY_URL": self.gateway_url,
        }

    # -- recording -----------------------------------------------------------------------------

    def notify(self) -> None:
        """Wake every waiter (called whenever a record changes)."""
        self._changed.set()
        self._changed = asyncio.Event()

    def record_gateway(self, record: GatewayRecord) -> None:
        """Append a gateway record."""
        self.gateway_log.append(record)
        self.notify()

    def add_reply(self, reply: Reply) -> None:
        """Append something the bot sent."""
        self.replies.append(reply)
        self.notify()

    def record_request(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        status: int,
        at: float,
        body: Any,
        fault: str | None,
    ) -> None:
        """Append a REST call record."""
        self.requests.append(RestCall(method, path, query, status, at, body, fault))
        self.notify()

    def record_sync(self, guild_id: int | None, commands: list[JSON], at: float) -> None:
        """Append a command sync record."""
        self.command_syncs.append(CommandSync(guild_id, commands, at))
        self.notify()
