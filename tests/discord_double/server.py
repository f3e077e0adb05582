"""DiscordDouble: the loopback REST + gateway server, its records, waits and fault controls."""

from __future__ import annotations

import time
from types import TracebackType
from typing import Self

from aiohttp import web

from .core import CommandSync, DoubleCore
from .faults import RestFault
from .gateway import GatewayHub
from .interactions import InteractionScenario
from .models import JSON
from .rest import RestApi
from .waits import DoubleTimeout, channel_id_of

__all__ = [
    "CommandSync",
    "DiscordDouble",
    "DoubleCore",
    "DoubleServer",
    "DoubleTimeout",
    "channel_id_of",
]


class DiscordDouble(InteractionScenario):
    """A loopback Discord: REST under ``/api/v10``, a gateway at ``/gateway``, a CDN for files."""

    def _build_servers(self) -> None:
        """Create the gateway hub and the REST router."""
        self.gateway = GatewayHub(self)
        self.rest = RestApi(self)
        self._runner: web.AppRunner | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> Self:
        """Start serving on ``host`` and a free port (or the given one)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("GET", "/gateway", self.gateway.handle)
        app.router.add_route("GET", "/gateway/resume", self.gateway.handle)
        cdn = "/attachments/{channel_id}/{attachment_id}/{filename}"
        app.router.add_route("GET", cdn, self.rest.cdn)
        app.router.add_route("*", "/{tail:.*}", self.rest.handle)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.world.cdn_base = self.base_url
        return self

    async def stop(self) -> None:
        """Close every socket and stop serving."""
        if self._runner is None:
            return
        await self.gateway.close_all()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- faults --------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        path: str,
        status: int = 429,
        *,
        retry_after: float = 0.5,
        is_global: bool = False,
        times: int = 1,
        delay: float = 0.0,
        body: JSON | None = None,
        via_header: bool = True,
    ) -> RestFault:
        """Answer the next ``times`` matching REST calls with ``status`` (429 by default)."""
        rule = RestFault(
            method, path, status, retry_after, is_global, times, delay, body, via_header
        )
        return self.faults.add(rule)

    def delay_next(self, method: str, path: str, seconds: float, *, times: int = 1) -> RestFault:
        """Delay the next ``times`` matching REST calls by ``seconds``, then answer normally."""
        return self.faults.add(RestFault(method, path, None, times=times, delay=seconds))

    async def drop_shard(self, shard_id: int = 0, *, code: int | None = None) -> float:
        """Close a shard's socket (abruptly without ``code``); return the monotonic fault time."""
        at = time.monotonic()
        await self.gateway.drop(shard_id, code)
        return at

    async def send_reconnect(self, shard_id: int = 0) -> float:
        """Send op 7 RECONNECT to a shard; return the monotonic fault time."""
        at = time.monotonic()
        await self.gateway.send_op(shard_id, {"op": 7, "d": None}, "fault_reconnect")
        return at

    async def invalidate_session(self, shard_id: int = 0, *, resumable: bool = False) -> float:
        """Send op 9 INVALID_SESSION (d=resumable) to a shard; return the monotonic fault time."""
        at = time.monotonic()
        await self.gateway.send_op(shard_id, {"op": 9, "d": resumable}, "fault_invalid_session")
        return at

    def stall_heartbeat_acks(self, shard_id: int = 0, stalled: bool = True) -> float:
        """Stop answering heartbeats on a shard's current socket; return the fault time."""
        at = time.monotonic()
        self.gateway.stall_acks(shard_id, stalled)
        return at


DoubleServer = DiscordDouble
