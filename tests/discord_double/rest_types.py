"""Types and helpers shared by the REST handlers of the double."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import JSON
from .records import InteractionRecord, Reply, SentFile

if TYPE_CHECKING:
    from .server import DiscordDouble


@dataclass
class RestRequest:
    """A parsed REST request as the handlers see it."""

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: list[SentFile]
    received_at: float
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> JSON:
        """Return the body as a JSON object (empty dict if absent or not an object)."""
        return self.body if isinstance(self.body, dict) else {}


@dataclass
class RestResponse:
    """A handler's answer; ``data`` None means 204 No Content."""

    status: int = 200
    data: Any = None


def error(status: int, message: str, code: int = 0) -> RestResponse:
    """Return a Discord-style JSON error."""
    return RestResponse(status, {"message": message, "code": code})


def ok(data: object = None, status: int = 200) -> RestResponse:
    """Return a successful answer (``data`` None: 204)."""
    return RestResponse(status, data)


def truthy(value: str | None) -> bool:
    """Return whether a query flag such as ``wait=1`` is set."""
    return value is not None and value.lower() in {"1", "true", "yes"}


def validate_message(data: JSON, files: int, *, allow_empty: bool = False) -> str | None:
    """Return why Discord would reject this message payload, or None if it is acceptable."""
    content = data.get("content") or ""
    embeds = data.get("embeds") or []
    if len(content) > 2000:
        return "content: Must be 2000 or fewer in length."
    if len(embeds) > 10:
        return "embeds: Must be 10 or fewer in length."
    for embed in embeds:
        if len(embed.get("title") or "") > 256 or len(embed.get("description") or "") > 4096:
            return "embeds: title or description too long."
        fields = embed.get("fields") or []
        if len(fields) > 25:
            return "embeds: Must have 25 or fewer fields."
        for item in fields:
            if len(item.get("name") or "") > 256 or len(item.get("value") or "") > 1024:
                return "embeds: field name or value too long."
    if len(data.get("components") or []) > 5:
        return "components: Must be 5 or fewer in length."
    has_body = content or embeds or files or data.get("components") or data.get("poll")
    if not allow_empty and not has_body and not data.get("sticker_ids"):
        return "Cannot send an empty message"
    return None


class HandlerBase:
    """State and helpers shared by the handler classes."""

    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        self.world = double.world

    def _interaction(self, token: str, app: str | None = None) -> InteractionRecord | None:
        record = self.double.interactions_by_token.get(token)
        if record is None or (app is not None and app != str(self.world.application_id)):
            return None
        return record

    def _reply(
        self, req: RestRequest, kind: str, record: InteractionRecord | None, **kw: object
    ) -> Reply:
        payload = kw.pop("payload", None)
        reply = Reply(
            kind=kind,
            method=req.method,
            path=req.path,
            body=req.json(),
            payload=payload if isinstance(payload, dict) else req.json(),
            received_at=req.received_at,
            files=list(req.files),
            interaction_id=record.id if record else None,
            channel_id=record.channel_id if record else None,
            dispatched_at=record.dispatched_at if record else None,
        )
        for key, value in kw.items():
            setattr(reply, key, value)
        self.double.add_reply(reply)
        return reply
