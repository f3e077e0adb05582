"""Records the double keeps of what happened, for tests to inspect."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import JSON

EPHEMERAL = 1 << 6

# Kinds of Reply.
CALLBACK = "callback"
FOLLOWUP = "followup"
EDIT_ORIGINAL = "edit_original"
DELETE_ORIGINAL = "delete_original"
EDIT_FOLLOWUP = "edit_followup"
DELETE_FOLLOWUP = "delete_followup"
CHANNEL_MESSAGE = "channel_message"
EDIT_MESSAGE = "edit_message"
DELETE_MESSAGE = "delete_message"
TYPING = "typing"
REACTION = "reaction"

INTERACTION_KINDS = frozenset(
    {CALLBACK, FOLLOWUP, EDIT_ORIGINAL, DELETE_ORIGINAL, EDIT_FOLLOWUP, DELETE_FOLLOWUP}
)


@dataclass
class SentFile:
    """A file the bot uploaded in a multipart request."""

    filename: str
    data: bytes
    content_type: str | None
    field: str


@dataclass
class Reply:
    """Something the bot sent: an interaction callback, follow-up, edit, channel message, typing…

    ``payload`` is the message-level JSON (a callback's ``data`` unwrapped); ``body`` is the whole
    JSON body as sent (``payload_json`` for multipart requests). Times are ``time.monotonic()``.
    """

    kind: str
    method: str
    path: str
    body: JSON
    payload: JSON
    received_at: float
    files: list[SentFile] = field(default_factory=list)
    callback_type: int | None = None
    interaction_id: int | None = None
    channel_id: int | None = None
    message_id: int | None = None
    dispatched_at: float | None = None
    claimed: bool = False

    @property
    def content(self) -> str | None:
        """Return the message content, if any."""
        return self.payload.get("content")

    @property
    def embeds(self) -> list[JSON]:
        """Return the embeds sent (empty list if none)."""
        return list(self.payload.get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        """Return the components sent (empty list if none)."""
        return list(self.payload.get("components") or [])

    @property
    def allowed_mentions(self) -> JSON | None:
        """Return the allowed_mentions object sent, if any."""
        return self.payload.get("allowed_mentions")

    @property
    def flags(self) -> int:
        """Return the message flags bitfield sent (0 if none)."""
        return int(self.payload.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        """Return whether the EPHEMERAL flag (64) was set."""
        return bool(self.flags & EPHEMERAL)

    @property
    def choices(self) -> list[JSON] | None:
        """Return autocomplete choices (callback type 8), else None."""
        if self.callback_type != 8:
            return None
        return list(self.payload.get("choices") or [])

    @property
    def latency(self) -> float | None:
        """Return seconds from the triggering dispatch to this request's arrival, if known."""
        if self.dispatched_at is None:
            return None
        return self.received_at - self.dispatched_at

    def custom_ids(self) -> list[str]:
        """Return every component custom_id in this message, depth first."""
        found: list[str] = []

        def walk(items: list[Any]) -> None:
            for item in items:
                if isinstance(item, dict):
                    if "custom_id" in item:
                        found.append(item["custom_id"])
                    walk(item.get("components") or [])

        walk(self.components)
        return found


@dataclass
class InteractionRecord:
    """An interaction the double dispatched (slash command, autocomplete, component, modal)."""

    id: int
    token: str
    type: int
    name: str
    user_id: int
    guild_id: int | None
    channel_id: int
    shard_id: int
    payload: JSON
    created_at: float
    dispatched_at: float | None = None
    seq: int | None = None
    acknowledged: bool = False
    response_message_id: int | None = None


@dataclass
class DispatchedMessage:
    """A user message the double dispatched (visible_content: what MESSAGE_CREATE carried)."""

    id: int
    channel_id: int
    guild_id: int | None
    author_id: int
    content: str
    payload: JSON
    shard_id: int
    created_at: float
    dispatched_at: float | None = None
    visible_content: str | None = None


@dataclass
class RestCall:
    """One REST request as received, with the status the double answered."""

    method: str
    path: str
    query: dict[str, str]
    status: int
    received_at: float
    body: JSON | list[Any] | None
    fault: str | None = None


@dataclass
class GatewayRecord:
    """A gateway happening: connect, identify, resume, resume_rejected, heartbeat, close, fault."""

    kind: str
    shard_id: int | None
    at: float
    data: JSON = field(default_factory=dict)
