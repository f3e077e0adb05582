"""REST endpoint handlers of the double."""

from __future__ import annotations

from urllib.parse import unquote

from .models import JSON
from .records import CHANNEL_MESSAGE, DELETE_MESSAGE, EDIT_MESSAGE, REACTION, TYPING
from .rest_types import HandlerBase, RestRequest, RestResponse, error, ok, validate_message


class Handlers(HandlerBase):
    """The non-interaction endpoints; each takes a RestRequest and returns a RestResponse."""

    # -- identity ------------------------------------------------------------------------------

    async def get_me(self, req: RestRequest) -> RestResponse:
        """GET /users/@me."""
        user = self.world.bot_user.payload()
        user.update(verified=True, mfa_enabled=False, flags=0, bot=True, locale="en-US")
        return ok(user)

    async def get_application(self, req: RestRequest) -> RestResponse:
        """GET /oauth2/applications/@me."""
        world = self.world
        return ok(
            {
                "id": str(world.application_id),
                "name": world.bot_user.name,
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": world.owner.payload(),
                "verify_key": "0" * 64,
                "team": None,
                "flags": self.double.application_flags,
                "summary": "",
                "bot": world.bot_user.payload(),
            }
        )

    async def get_gateway_bot(self, req: RestRequest) -> RestResponse:
        """GET /gateway/bot (shard count and URL)."""
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return ok(
            {
                "url": self.double.gateway_url,
                "shards": self.double.shard_count,
                "session_start_limit": limit,
            }
        )

    async def get_gateway(self, req: RestRequest) -> RestResponse:
        """GET /gateway."""
        return ok({"url": self.double.gateway_url})

    # -- commands ------------------------------------------------------------------------------

    async def put_commands(self, req: RestRequest) -> RestResponse:
        """PUT a scope's commands (bulk overwrite)."""
        if int(req.params["app"]) != self.world.application_id:
            return error(404, "Unknown Application", 10002)
        guild_id = int(req.params["guild"]) if "guild" in req.params else None
        if guild_id is not None and guild_id not in self.world.guilds:
            return error(403, "Missing Access", 50001)
        if not isinstance(req.body, list):
            return error(400, "Invalid Form Body", 50035)
        echoed = self.world.sync_commands(guild_id, req.body)
        self.double.record_sync(guild_id, echoed, req.received_at)
        return ok(echoed)

    async def get_commands(self, req: RestRequest) -> RestResponse:
        """GET a scope's commands."""
        if "guild" in req.params:
            return ok(self.world.guild_commands.get(int(req.params["guild"]), []))
        return ok(self.world.global_commands)

    # -- users, channels, messages ------------------------------------------------------------

    async def create_dm(self, req: RestRequest) -> RestResponse:
        """POST /users/@me/channels."""
        user = self.world.users.get(int(req.json().get("recipient_id") or 0))
        if user is None:
            return error(404, "Unknown User", 10013)
        return ok(self.world.dm_channel(user).payload())

    async def get_user(self, req: RestRequest) -> RestResponse:
        """GET /users/{id}."""
        user = self.world.users.get(int(req.params["user"]))
        return ok(user.payload()) if user else error(404, "Unknown User", 10013)

    async def get_channel(self, req: RestRequest) -> RestResponse:
        """GET /channels/{id}."""
        channel = self.world.channels.get(int(req.params["channel"]))
        return ok(channel.payload()) if channel else error(404, "Unknown Channel", 10003)

    async def get_history(self, req: RestRequest) -> RestResponse:
        """GET /channels/{id}/messages."""
        channel_id = int(req.params["channel"])
        if channel_id not in self.world.channels:
            return error(404, "Unknown Channel", 10003)
        limit = int(req.query.get("limit") or 50)
        return ok(self.world.messages_in(channel_id)[:limit])

    async def post_message(self, req: RestRequest) -> RestResponse:
        """POST /channels/{id}/messages (JSON or multipart)."""
        channel_id = int(req.params["channel"])
        if channel_id not in self.world.channels:
            return error(404, "Unknown Channel", 10003)
        data = req.json()
        if problem := validate_message(data, len(req.files)):
            return error(400, f"Invalid Form Body: {problem}", 50035)
        message = self.world.make_message(channel_id, self.world.bot_user, data, req.files)
        self._reply(
            req, CHANNEL_MESSAGE, None, payload=data, channel_id=channel_id,
            message_id=int(message["id"]),
            dispatched_at=self.double.last_user_message_at.get(channel_id),
        )  # fmt: skip
        await self.double.echo_bot_message(message)
        return ok(message)

    def _channel_message(self, req: RestRequest) -> JSON | None:
        message = self.world.messages.get(int(req.params["mid"]))
        if message is None or message["channel_id"] != req.params["channel"]:
            return None
        return message

    async def get_message(self, req: RestRequest) -> RestResponse:
        """GET /channels/{id}/messages/{id}."""
        message = self._channel_message(req)
        return ok(message) if message else error(404, "Unknown Message", 10008)

    async def edit_message(self, req: RestRequest) -> RestResponse:
        """PATCH /channels/{id}/messages/{id}."""
        message = self._channel_message(req)
        if message is None:
            return error(404, "Unknown Message", 10008)
        if problem := validate_message(req.json(), len(req.files), allow_empty=True):
            return error(400, f"Invalid Form Body: {problem}", 50035)
        self.world.apply_edit(message, req.json(), req.files)
        self._reply(
            req, EDIT_MESSAGE, None, channel_id=int(message["channel_id"]),
            message_id=int(message["id"]),
        )  # fmt: skip
        return ok(message)

    async def delete_message(self, req: RestRequest) -> RestResponse:
        """DELETE /channels/{id}/messages/{id}."""
        message = self._channel_message(req)
        if message is None:
            return error(404, "Unknown Message", 10008)
        self.world.messages.pop(int(message["id"]), None)
        self._reply(
            req, DELETE_MESSAGE, None, payload={}, channel_id=int(message["channel_id"]),
            message_id=int(message["id"]),
        )  # fmt: skip
        return ok(None, 204)

    async def typing(self, req: RestRequest) -> RestResponse:
        """POST /channels/{id}/typing."""
        channel_id = int(req.params["channel"])
        if channel_id not in self.world.channels:
            return error(404, "Unknown Channel", 10003)
        self._reply(req, TYPING, None, payload={}, channel_id=channel_id)
        return ok(None, 204)

    async def react(self, req: RestRequest) -> RestResponse:
        """PUT/DELETE a reaction of the bot's on a message."""
        message = self._channel_message(req)
        if message is None:
            return error(404, "Unknown Message", 10008)
        emoji = unquote(req.params["emoji"])
        self._reply(
            req, REACTION, None, payload={"emoji": emoji, "removed": req.method == "DELETE"},
            channel_id=int(message["channel_id"]), message_id=int(message["id"]),
        )  # fmt: skip
        return ok(None, 204)

    # -- guilds --------------------------------------------------------------------------------

    async def get_guild(self, req: RestRequest) -> RestResponse:
        """GET /guilds/{id}."""
        guild = self.world.guilds.get(int(req.params["guild"]))
        if guild is None:
            return error(404, "Unknown Guild", 10004)
        data = guild.create_payload()
        for key in ("channels", "members", "threads", "voice_states", "presences"):
            data.pop(key, None)
        return ok(data)

    async def get_guild_channels(self, req: RestRequest) -> RestResponse:
        """GET /guilds/{id}/channels."""
        guild = self.world.guilds.get(int(req.params["guild"]))
        if guild is None:
            return error(404, "Unknown Guild", 10004)
        return ok([c.payload() for c in guild.channels.values()])

    async def get_guild_roles(self, req: RestRequest) -> RestResponse:
        """GET /guilds/{id}/roles."""
        guild = self.world.guilds.get(int(req.params["guild"]))
        if guild is None:
            return error(404, "Unknown Guild", 10004)
        return ok([r.payload() for r in guild.roles.values()])

    async def get_member(self, req: RestRequest) -> RestResponse:
        """GET /guilds/{id}/members/{user}."""
        guild = self.world.guilds.get(int(req.params["guild"]))
        member = guild.members.get(int(req.params["user"])) if guild else None
        return ok(member.payload()) if member else error(404, "Unknown Member", 10007)
