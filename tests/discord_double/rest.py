"""The REST side of the double: a small router over ``/api/v10`` with auth, faults and recording."""

from __future__ import annotations

import asyncio
import json
import re
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from .records import SentFile
from .rest_handlers import Handlers
from .rest_interactions import InteractionHandlers
from .rest_types import RestRequest, RestResponse

if TYPE_CHECKING:
    from .server import DiscordDouble

API_PREFIX = "/api/v10"


Handler = Callable[[RestRequest], Awaitable[RestResponse]]

_SEGMENT = re.compile(r"\{(\w+)\}")


def _compile(template: str) -> re.Pattern[str]:
    parts = _SEGMENT.split(template)
    regex = ""
    for index, part in enumerate(parts):
        regex += f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part)
    return re.compile(regex)


def json_response(status: int, data: Any, headers: dict[str, str] | None = None) -> web.Response:
    """Return a response whose Content-Type is exactly ``application/json`` (no charset)."""
    if data is None:
        return web.Response(status=status if status != 200 else 204, headers=headers)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(data).encode(), headers=all_headers)


async def parse_body(request: web.Request) -> tuple[Any, list[SentFile]]:
    """Return (JSON body or payload_json, uploaded files) of a request."""
    files: list[SentFile] = []
    if request.content_type.startswith("multipart/"):
        body: Any = None
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                body = json.loads(await part.text())
            elif part.filename is not None:
                data = bytes(await part.read())
                ctype = part.headers.get("Content-Type")
                files.append(SentFile(part.filename, data, ctype, part.name or ""))
            else:
                await part.release()
        return body, files
    raw = await request.read()
    if not raw:
        return None, files
    try:
        return json.loads(raw), files
    except ValueError:
        return raw.decode("utf-8", "replace"), files


class RestApi:
    """Dispatch ``/api/v10/...`` requests to handlers, applying auth and fault rules."""

    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        # The TCP connections REST requests came over (Discord keeps them alive, and so does this).
        self._connections: weakref.WeakSet[object] = weakref.WeakSet()
        self.handlers = Handlers(double)
        self.routes: list[tuple[str, re.Pattern[str], Handler, bool]] = []
        h = self.handlers
        ih = self.interaction_handlers = InteractionHandlers(double)
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", "/users/@me", h.get_me, True),
            ("GET", "/oauth2/applications/@me", h.get_application, True),
            ("GET", "/applications/@me", h.get_application, True),
            ("GET", "/gateway/bot", h.get_gateway_bot, True),
            ("GET", "/gateway", h.get_gateway, False),
            ("PUT", "/applications/{app}/commands", h.put_commands, True),
            ("GET", "/applications/{app}/commands", h.get_commands, True),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", h.put_commands, True),
            ("GET", "/applications/{app}/guilds/{guild}/commands", h.get_commands, True),
            ("POST", "/interactions/{iid}/{token}/callback", ih.interaction_callback, False),
            ("POST", "/webhooks/{app}/{token}", ih.followup, False),
            ("GET", "/webhooks/{app}/{token}/messages/{mid}", ih.get_webhook_message, False),
            ("PATCH", "/webhooks/{app}/{token}/messages/{mid}", ih.edit_webhook_message, False),
            ("DELETE", "/webhooks/{app}/{token}/messages/{mid}", ih.delete_webhook_message, False),
            ("POST", "/users/@me/channels", h.create_dm, True),
            ("GET", "/users/{user}", h.get_user, True),
            ("GET", "/channels/{channel}", h.get_channel, True),
            ("GET", "/channels/{channel}/messages", h.get_history, True),
            ("POST", "/channels/{channel}/messages", h.post_message, True),
            ("GET", "/channels/{channel}/messages/{mid}", h.get_message, True),
            ("PATCH", "/channels/{channel}/messages/{mid}", h.edit_message, True),
            ("DELETE", "/channels/{channel}/messages/{mid}", h.delete_message, True),
            ("POST", "/channels/{channel}/typing", h.typing, True),
            ("PUT", "/channels/{channel}/messages/{mid}/reactions/{emoji}/@me", h.react, True),
            ("DELETE", "/channels/{channel}/messages/{mid}/reactions/{emoji}/@me", h.react, True),
            ("GET", "/guilds/{guild}", h.get_guild, True),
            ("GET", "/guilds/{guild}/channels", h.get_guild_channels, True),
            ("GET", "/guilds/{guild}/roles", h.get_guild_roles, True),
            ("GET", "/guilds/{guild}/members/{user}", h.get_member, True),
        ]
        for method, template, handler, auth in table:
            self.routes.append((method, _compile(template), handler, auth))

    def match(self, method: str, path: str) -> tuple[Handler, dict[str, str], bool] | None:
        """Return (handler, path params, needs bot auth) for a request, or None."""
        for route_method, pattern, handler, auth in self.routes:
            if route_method == method:
                found = pattern.fullmatch(path)
                if found is not None:
                    return handler, found.groupdict(), auth
        return None

    async def handle(self, request: web.Request) -> web.Response:
        """Serve one REST request."""
        received_at = time.monotonic()
        transport = request.transport
        if transport is not None and transport not in self._connections:
            self._connections.add(transport)
            self.double.rest_connections += 1
        method = request.method.upper()
        full = request.path
        path = full[len(API_PREFIX) :] if full.startswith(API_PREFIX + "/") else full
        body, files = await parse_body(request)
        query = dict(request.query)
        double = self.double

        fault = double.faults.take(method, path)
        if fault is not None:
            if fault.delay:
                # A delayed request reaches "Discord" late: deadlines count from after the delay.
                await asyncio.sleep(fault.delay)
                received_at = time.monotonic()
            if fault.status is not None:
                status, headers, raw = fault.response()
                double.record_request(method, path, query, status, received_at, body, fault.label)
                return web.Response(status=status, body=raw, headers=headers)

        found = self.match(method, path) if full.startswith(API_PREFIX + "/") else None
        if found is None:
            double.unknown_routes.append((method, full))
            double.record_request(method, path, query, 404, received_at, body, "unknown route")
            return json_response(404, {"message": "404: Not Found", "code": 0})
        handler, params, needs_auth = found
        auth = request.headers.get("Authorization")
        expected = f"Bot {double.token}"
        if (auth is not None and auth != expected) or (needs_auth and auth is None):
            double.record_request(method, path, query, 401, received_at, body, None)
            return json_response(401, {"message": "401: Unauthorized", "code": 0})

        rest_request = RestRequest(method, path, params, query, body, files, received_at)
        rest_request.headers = dict(request.headers)
        answer = await handler(rest_request)
        fault_label = fault.label if fault is not None else None
        double.record_request(method, path, query, answer.status, received_at, body, fault_label)
        return json_response(answer.status, answer.data)

    async def cdn(self, request: web.Request) -> web.Response:
        """Serve a stored attachment's bytes."""
        attachment_id = int(request.match_info["attachment_id"])
        upload = self.double.world.attachments.get(attachment_id)
        if upload is None:
            return web.Response(status=404)
        return web.Response(body=upload.data, headers={"Content-Type": upload.content_type})
