"""The gateway side of the double: one WebSocket per shard, sessions, resume and faults."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .models import INTENT_GUILDS, JSON
from .records import GatewayRecord

if TYPE_CHECKING:
    from .server import DiscordDouble

OnSent = Callable[[float], None]


@dataclass
class _Event:
    seq: int
    text: str
    on_sent: OnSent | None = None
    sent: bool = False


class Connection:
    """One WebSocket connection from a client."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request) -> None:
        self.ws = ws
        self.request = request
        self.session: ShardSession | None = None
        self.stall_acks = False

    @property
    def open(self) -> bool:
        """Return whether the socket can still be written to."""
        return not self.ws.closed

    async def send(self, payload: JSON | str) -> bool:
        """Send one JSON text frame; return False if the socket is gone."""
        text = payload if isinstance(payload, str) else json.dumps(payload)
        if self.ws.closed:
            return False
        try:
            await self.ws.send_str(text)
        except (ConnectionError, RuntimeError):
            return False
        return True

    def abort(self) -> None:
        """Kill the TCP connection without a close frame."""
        transport = self.request.transport
        if transport is not None:
            transport.abort()


@dataclass
class ShardSession:
    """A gateway session (what IDENTIFY creates and RESUME continues)."""

    session_id: str
    shard_id: int
    shard_count: int
    intents: int
    sharded: bool
    conn: Connection | None = None
    seq: int = 0
    ready: bool = False
    invalid: bool = False
    events: list[_Event] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def live(self) -> bool:
        """Return whether the session is valid, connected and has sent READY/RESUMED."""
        return self.ready and not self.invalid and self.conn is not None and self.conn.open

    async def dispatch(self, event: str, data: JSON, on_sent: OnSent | None = None) -> int:
        """Buffer a dispatch with the next sequence number and send it if connected."""
        async with self.lock:
            self.seq += 1
            payload = {"op": 0, "t": event, "s": self.seq, "d": data}
            item = _Event(self.seq, json.dumps(payload), on_sent)
            self.events.append(item)
            await self._deliver(item)
            return self.seq

    async def _deliver(self, item: _Event) -> None:
        if self.conn is None or not await self.conn.send(item.text):
            return
        if not item.sent:
            item.sent = True
            if item.on_sent is not None:
                item.on_sent(time.monotonic())

    async def replay_after(self, seq: int) -> int:
        """Send every buffered event after ``seq`` (the caller holds the lock); return the count."""
        missed = [e for e in self.events if e.seq > seq]
        for item in missed:
            await self._deliver(item)
        return len(missed)


class GatewayHub:
    """Accept gateway sockets and route dispatches to shard sessions."""

    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        self.sessions: dict[int, ShardSession] = {}
        self.by_id: dict[str, ShardSession] = {}
        self.connections: set[Connection] = set()

    # -- routing -------------------------------------------------------------------------------

    def session_for(self, guild_id: int | None) -> ShardSession | None:
        """Return the current session for a guild's shard (shard 0 for DMs), or None."""
        for session in self.sessions.values():
            target = 0 if guild_id is None else (guild_id >> 22) % session.shard_count
            if session.shard_id == target:
                return session
        return None

    def shard_of(self, guild_id: int | None) -> int:
        """Return the shard id a guild (None for DMs) routes to."""
        if guild_id is None:
            return 0
        return (guild_id >> 22) % self.shard_count()

    def shard_count(self) -> int:
        """Return the shard count the connected client uses (the configured one before that)."""
        for session in self.sessions.values():
            return session.shard_count
        return self.double.shard_count

    # -- the socket ----------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """Serve one gateway WebSocket."""
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        conn = Connection(ws, request)
        self.connections.add(conn)
        self._record("connect", None, path=request.path, query=dict(request.query))
        await conn.send({"op": 10, "d": {"heartbeat_interval": self.double.heartbeat_interval_ms}})
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_frame(conn, json.loads(msg.data))
                elif msg.type == WSMsgType.BINARY:
                    await ws.close(code=4002, message=b"Decode error")
        finally:
            self.connections.discard(conn)
            shard_id = conn.session.shard_id if conn.session else None
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
            self._record("close", shard_id, code=ws.close_code)
        return ws

    async def _on_frame(self, conn: Connection, frame: JSON) -> None:
        op, data = frame.get("op"), frame.get("d")
        shard_id = conn.session.shard_id if conn.session else None
        if op == 1:
            self._record("heartbeat", shard_id, seq=data)
            if not conn.stall_acks:
                await conn.send({"op": 11})
        elif op == 2:
            await self._identify(conn, data or {})
        elif op == 6:
            await self._resume(conn, data or {})
        elif op == 3:
            self._record("presence", shard_id, **(data or {}))
        elif op == 8:
            await self._request_members(conn, data or {})
        elif op == 4:
            self._record("voice_state", shard_id, **(data or {}))
        else:
            await conn.ws.close(code=4001, message=b"Unknown opcode")

    async def _identify(self, conn: Connection, data: JSON) -> None:
        if conn.session is not None:
            await conn.ws.close(code=4005, message=b"Already authenticated")
            return
        if data.get("token") != self.double.token:
            self._record("identify_rejected", None, reason="bad token")
            await conn.ws.close(code=4004, message=b"Authentication failed")
            return
        shard = data.get("shard")
        shard_id, shard_count = (int(shard[0]), int(shard[1])) if shard else (0, 1)
        if shard_count < 1 or not 0 <= shard_id < shard_count:
            await conn.ws.close(code=4010, message=b"Invalid shard")
            return
        session = ShardSession(
            session_id=secrets.token_hex(16),
            shard_id=shard_id,
            shard_count=shard_count,
            intents=int(data.get("intents") or 0),
            sharded=shard is not None,
            conn=conn,
        )
        conn.session = session
        old = self.sessions.get(shard_id)
        if old is not None and old.conn is not None and old.conn is not conn:
            await old.conn.ws.close(code=4000)
        self.sessions[shard_id] = session
        self.by_id[session.session_id] = session
        self._record("identify", shard_id, intents=session.intents, shard=shard)
        await self._send_ready(session)

    async def _send_ready(self, session: ShardSession) -> None:
        double = self.double
        guilds = [
            g
            for g in double.world.guilds.values()
            if g.shard_id(session.shard_count) == session.shard_id
        ]
        user = double.world.bot_user.payload()
        user.update(verified=True, mfa_enabled=False, flags=0, bot=True)
        ready: JSON = {
            "v": 10,
            "user": user,
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": double.resume_gateway_url,
            "application": {"id": str(double.application_id), "flags": double.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
        }
        if session.sharded:
            ready["shard"] = [session.shard_id, session.shard_count]
        await session.dispatch("READY", ready)
        if session.intents & INTENT_GUILDS:
            for guild in guilds:
                await session.dispatch("GUILD_CREATE", guild.create_payload())
        session.ready = True
        self._record("ready", session.shard_id, session_id=session.session_id)

    async def _resume(self, conn: Connection, data: JSON) -> None:
        session = self.by_id.get(str(data.get("session_id")))
        seq = data.get("seq")
        ok = (
            session is not None
            and not session.invalid
            and data.get("token") == self.double.token
            and isinstance(seq, int)
        )
        if not ok or session is None or not isinstance(seq, int):
            self._record("resume_rejected", None, session_id=data.get("session_id"), seq=seq)
            await conn.send({"op": 9, "d": False})
            return
        if session.conn is not None and session.conn is not conn:
            await session.conn.ws.close(code=4000)
        async with session.lock:
            session.conn = conn
            conn.session = session
            replayed = await session.replay_after(seq)
            session.seq += 1
            resumed = {"op": 0, "t": "RESUMED", "s": session.seq, "d": {}}
            session.events.append(_Event(session.seq, json.dumps(resumed), sent=True))
            await conn.send(resumed)
            session.ready = True
        self._record("resume", session.shard_id, seq=seq, replayed=replayed)

    async def _request_members(self, conn: Connection, data: JSON) -> None:
        session = conn.session
        guild = self.double.world.guilds.get(int(data.get("guild_id") or 0))
        if session is None or guild is None:
            return
        chunk: JSON = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in guild.members.values()],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- dispatch and faults -------------------------------------------------------------------

    async def dispatch(
        self, event: str, data: JSON, guild_id: int | None, on_sent: OnSent | None = None
    ) -> tuple[int, int | None]:
        """Dispatch an event to the shard owning ``guild_id``; return (shard_id, seq or None)."""
        session = self.session_for(guild_id)
        if session is None:
            return self.shard_of(guild_id), None
        seq = await session.dispatch(event, data, on_sent)
        return session.shard_id, seq

    def _session(self, shard_id: int) -> ShardSession:
        try:
            return self.sessions[shard_id]
        except KeyError:
            raise LookupError(f"no gateway session for shard {shard_id}") from None

    async def drop(self, shard_id: int, code: int | None = None) -> None:
        """Close a shard's socket: abruptly (no close frame) when ``code`` is None."""
        session = self._session(shard_id)
        self._record("fault_drop", shard_id, code=code)
        if session.conn is None:
            return
        if code is None:
            session.conn.abort()
        else:
            await session.conn.ws.close(code=code, message=b"closed by the double")

    async def send_op(self, shard_id: int, payload: JSON, kind: str) -> None:
        """Send a raw opcode frame to a shard's current socket."""
        session = self._session(shard_id)
        self._record(kind, shard_id, **payload)
        if payload.get("op") == 9 and payload.get("d") is False:
            session.invalid = True
        if session.conn is not None:
            await session.conn.send(payload)

    def stall_acks(self, shard_id: int, stalled: bool = True) -> None:
        """Stop (or resume) answering heartbeats on a shard's current connection."""
        session = self._session(shard_id)
        self._record("fault_stall_acks", shard_id, stalled=stalled)
        if session.conn is not None:
            session.conn.stall_acks = stalled

    async def close_all(self) -> None:
        """Close every socket (used when the double stops)."""
        for conn in list(self.connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001, message=b"double stopping")

    def _record(self, kind: str, shard_id: int | None, **data: Any) -> None:
        self.double.record_gateway(GatewayRecord(kind, shard_id, time.monotonic(), dict(data)))
