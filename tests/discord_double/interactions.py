"""The interaction half of the scripting API: slash commands, autocomplete, components, modals."""

from __future__ import annotations

# The API takes timeout= on purpose (like asyncio.wait_for).
# ruff: noqa: ASYNC109
import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Any

from .models import EVERYONE_PERMISSIONS, JSON, Channel, FileUpload, Guild, Member, Role, User
from .records import InteractionRecord, Reply
from .scenario import Scenario, Where


class CommandNotAvailable(ValueError):
    """Discord would not let this user run this command here (unsynced, context, permissions)."""


def _infer_type(value: Any) -> int:
    kinds: list[tuple[type | tuple[type, ...], int]] = [
        (bool, 5), (int, 4), (float, 10), (str, 3), ((User, Member), 6),
        (Channel, 7), (Role, 8), (FileUpload, 11),
    ]  # fmt: skip
    for kind, option_type in kinds:
        if isinstance(value, kind):
            return option_type
    raise TypeError(f"cannot infer an option type for {value!r}")


class InteractionScenario(Scenario):
    """Methods that dispatch INTERACTION_CREATE as a user would trigger it."""

    async def send_slash_command(
        self,
        user: User,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        *,
        channel: Where = None,
        locale: str | None = None,
        wait_connected: bool = True,
        timeout: float = 5.0,
    ) -> InteractionRecord:
        """Dispatch a slash command (``name`` may be ``"kb set"``); ``channel`` None means a DM."""
        return await self._command(
            2, user, name, options, None, channel, locale, wait_connected, timeout
        )

    async def send_autocomplete(
        self,
        user: User,
        name: str,
        options: Mapping[str, Any],
        focused: str,
        *,
        channel: Where = None,
        locale: str | None = None,
        wait_connected: bool = True,
        timeout: float = 5.0,
    ) -> InteractionRecord:
        """Dispatch an autocomplete interaction with option ``focused`` being typed."""
        return await self._command(
            4, user, name, options, focused, channel, locale, wait_connected, timeout
        )

    async def _command(
        self,
        itype: int,
        user: User,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None,
        focused: str | None,
        where: Where,
        locale: str | None,
        wait_connected: bool,
        timeout: float,
    ) -> InteractionRecord:
        top, *path = name.split()
        channel, guild = self._place(user, where)
        command = self.world.find_command(top, guild.id if guild else None)
        if command is None and self.strict_commands:
            raise CommandNotAvailable(f"/{top} was never synced (scope: {guild or 'global'})")
        member = self.world.member(guild, user) if guild else None
        if command is not None and self.strict_commands:
            self._check_available(command, guild, member)
        resolved: dict[str, dict[str, JSON]] = {}
        if isinstance(options, Sequence) and not isinstance(options, str):
            built = list(options)
        else:
            built = self._options(
                command, path, dict(options or {}), focused, resolved, channel, guild
            )
        data: JSON = {
            "id": command["id"] if command else str(self.world.ids.next()),
            "name": top,
            "type": 1,
            "options": built,
        }
        if resolved:
            data["resolved"] = resolved
        if command is not None and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        payload = self._interaction_payload(itype, user, channel, guild, data, locale)
        return await self._dispatch_interaction(payload, name, wait_connected, timeout)

    def _check_available(self, command: JSON, guild: Guild | None, member: Member | None) -> None:
        context = 0 if guild else 1
        contexts = command.get("contexts")
        if contexts is not None and context not in contexts:
            raise CommandNotAvailable(f"/{command['name']} is not allowed in context {context}")
        if guild is None and command.get("dm_permission") is False:
            raise CommandNotAvailable(f"/{command['name']} is not allowed in DMs")
        required = command.get("default_member_permissions")
        if guild is not None and member is not None and required is not None:
            need = int(required)
            owner = guild.owner_id == member.user.id
            if not owner and member.effective_permissions() & need != need:
                raise CommandNotAvailable(f"/{command['name']} needs permissions {need}")

    def _options(
        self,
        schema: JSON | None,
        path: list[str],
        values: dict[str, Any],
        focused: str | None,
        resolved: dict[str, dict[str, JSON]],
        channel: Channel,
        guild: Guild | None,
    ) -> list[JSON]:
        specs: list[JSON] | None = schema.get("options") if schema is not None else None
        if path:
            head = next((o for o in specs or [] if o["name"] == path[0]), None)
            if head is None and specs is not None and self.strict_commands:
                raise CommandNotAvailable(f"unknown subcommand {path[0]!r}")
            kind = head["type"] if head else (2 if len(path) > 1 else 1)
            inner = self._options(head, path[1:], values, focused, resolved, channel, guild)
            return [{"name": path[0], "type": kind, "options": inner}]
        built: list[JSON] = []
        for name, value in values.items():
            spec = next((o for o in specs or [] if o["name"] == name), None)
            if spec is None and specs is not None and self.strict_commands:
                raise CommandNotAvailable(f"unknown option {name!r}")
            kind = spec["type"] if spec else _infer_type(value)
            option: JSON = {"name": name, "type": kind}
            option["value"] = self._resolve(kind, value, resolved, channel, guild)
            if name == focused:
                option["focused"] = True
            built.append(option)
        if focused is None and self.strict_commands:
            missing = [
                o["name"] for o in specs or [] if o.get("required") and o["name"] not in values
            ]
            if missing:
                raise CommandNotAvailable(f"missing required options {missing}")
        return built

    def _resolve(
        self,
        kind: int,
        value: Any,
        resolved: dict[str, dict[str, JSON]],
        channel: Channel,
        guild: Guild | None,
    ) -> Any:
        if isinstance(value, Member):
            value = value.user
        if isinstance(value, User):
            resolved.setdefault("users", {})[str(value.id)] = value.payload()
            if guild is not None:
                member = self.world.member(guild, value)
                members = resolved.setdefault("members", {})
                members[str(value.id)] = member.payload(with_user=False, with_permissions=True)
            return str(value.id)
        if isinstance(value, Channel):
            data = value.payload()
            data["permissions"] = str(EVERYONE_PERMISSIONS)
            resolved.setdefault("channels", {})[str(value.id)] = data
            return str(value.id)
        if isinstance(value, Role):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if isinstance(value, FileUpload):
            attachment = self.world.attachment(value, channel.id)
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            return attachment["id"]
        return value

    def _interaction_payload(
        self,
        itype: int,
        user: User,
        channel: Channel,
        guild: Guild | None,
        data: JSON,
        locale: str | None,
    ) -> JSON:
        world = self.world
        payload: JSON = {
            "id": str(world.ids.next()),
            "application_id": str(world.application_id),
            "type": itype,
            "token": secrets.token_urlsafe(48),
            "version": 1,
            "data": data,
            "locale": locale or user.locale,
            "app_permissions": str(world.bot_permissions),
            "attachment_size_limit": 10 * 1024 * 1024,
            "entitlements": [],
            "channel": channel.payload(),
            "channel_id": str(channel.id),
            "context": 0 if guild else 1,
        }
        if guild is not None:
            member = world.member(guild, user)
            payload["guild_id"] = str(guild.id)
            payload["guild_locale"] = guild.locale
            payload["member"] = member.payload(with_permissions=True)
            payload["authorizing_integration_owners"] = {"0": str(guild.id)}
        else:
            payload["user"] = user.payload()
            payload["authorizing_integration_owners"] = {"0": "0", "1": str(user.id)}
        return payload

    async def _dispatch_interaction(
        self, payload: JSON, name: str, wait_connected: bool, timeout: float
    ) -> InteractionRecord:
        guild_id = int(payload["guild_id"]) if "guild_id" in payload else None
        user = payload["member"]["user"] if guild_id else payload["user"]
        record = InteractionRecord(
            id=int(payload["id"]),
            token=payload["token"],
            type=payload["type"],
            name=name,
            user_id=int(user["id"]),
            guild_id=guild_id,
            channel_id=int(payload["channel_id"]),
            shard_id=self.gateway.shard_of(guild_id),
            payload=payload,
            created_at=time.monotonic(),
        )
        self.interactions[record.id] = record
        self.interactions_by_token[record.token] = record
        if wait_connected:
            await self.wait_for_shard(guild_id, timeout=timeout)

        def sent(at: float) -> None:
            record.dispatched_at = at

        record.shard_id, record.seq = await self.gateway.dispatch(
            "INTERACTION_CREATE", payload, guild_id, sent
        )
        self.notify()
        return record

    async def send_component(
        self,
        user: User,
        message: Reply | int,
        custom_id: str,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        wait_connected: bool = True,
        timeout: float = 5.0,
    ) -> InteractionRecord:
        """Click a button (or pick select ``values``) on a message the bot sent."""
        message_id = message.message_id if isinstance(message, Reply) else message
        stored = self.world.messages.get(message_id or 0)
        if stored is None:
            raise ValueError(f"no message {message_id} known to the double")
        reply = Reply("", "", "", {}, {"components": stored.get("components")}, 0.0)
        if self.strict_commands and custom_id not in reply.custom_ids():
            raise CommandNotAvailable(f"message {message_id} has no component {custom_id!r}")
        channel = self.world.channels[int(stored["channel_id"])]
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        payload = self._interaction_payload(
            3, user, channel, self.world.guild_of(channel.id), data, None
        )
        payload["message"] = stored
        return await self._dispatch_interaction(payload, custom_id, wait_connected, timeout)

    async def send_modal_submit(
        self,
        user: User,
        custom_id: str,
        fields: Mapping[str, str],
        *,
        channel: Where = None,
        wait_connected: bool = True,
        timeout: float = 5.0,
    ) -> InteractionRecord:
        """Submit a modal with text-input ``fields`` (custom_id → value)."""
        place, guild = self._place(user, channel)
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in fields.items()
        ]
        data: JSON = {"custom_id": custom_id, "components": rows}
        payload = self._interaction_payload(5, user, place, guild, data, None)
        return await self._dispatch_interaction(payload, custom_id, wait_connected, timeout)
