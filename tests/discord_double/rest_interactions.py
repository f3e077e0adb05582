"""REST handlers for interaction callbacks and interaction webhooks (follow-ups, @original)."""

from __future__ import annotations

from .models import JSON
from .records import (
    CALLBACK,
    DELETE_FOLLOWUP,
    DELETE_ORIGINAL,
    EDIT_FOLLOWUP,
    EDIT_ORIGINAL,
    EPHEMERAL,
    FOLLOWUP,
    InteractionRecord,
)
from .rest_types import HandlerBase, RestRequest, RestResponse, error, ok, truthy, validate_message
from .world import LOADING


class InteractionHandlers(HandlerBase):
    """POST /interactions/{id}/{token}/callback and /webhooks/{app}/{token}[/messages/{id}]."""

    async def interaction_callback(self, req: RestRequest) -> RestResponse:
        """POST /interactions/{id}/{token}/callback."""
        record = self.double.interactions.get(int(req.params["iid"]))
        if record is None or record.token != req.params["token"]:
            return error(404, "Unknown interaction", 10062)
        started = record.dispatched_at or record.created_at
        deadline = self.double.interaction_deadline
        if deadline is not None and req.received_at - started > deadline:
            self.double.late_callbacks.append(record)
            return error(404, "Unknown interaction", 10062)
        if record.acknowledged:
            return error(400, "Interaction has already been acknowledged.", 40060)
        body = req.json()
        ctype = int(body.get("type") or 0)
        data: JSON = body.get("data") or {}
        if ctype == 4 and (problem := validate_message(data, len(req.files))):
            return error(400, f"Invalid Form Body: {problem}", 50035)
        message: JSON | None = None
        source_id = int((record.payload.get("message") or {}).get("id") or 0) or None
        if ctype in (4, 5):
            message = self.world.make_message(
                record.channel_id,
                self.world.bot_user,
                data,
                req.files,
                webhook_id=self.world.application_id,
                type_=20 if record.type == 2 else 0,
                extra_flags=LOADING if ctype == 5 else 0,
            )
            record.response_message_id = int(message["id"])
        elif ctype in (6, 7):
            if source_id is None or source_id not in self.world.messages:
                return error(400, "Interaction has no message to update", 50035)
            record.response_message_id = source_id
            if ctype == 7:
                message = self.world.messages[source_id]
                self.world.apply_edit(message, data, req.files)
        record.acknowledged = True
        flags = int(data.get("flags") or 0)
        self._reply(
            req, CALLBACK, record, payload=data, callback_type=ctype,
            message_id=record.response_message_id,
        )  # fmt: skip
        if not truthy(req.query.get("with_response")):
            return ok(None)
        info: JSON = {
            "id": str(record.id),
            "type": record.type,
            "response_message_loading": ctype == 5,
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }
        if record.response_message_id is not None:
            info["response_message_id"] = str(record.response_message_id)
        resource: JSON = {"type": ctype}
        if message is not None:
            resource["message"] = message
        return ok({"interaction": info, "resource": resource})

    def _webhook_alive(self, req: RestRequest) -> InteractionRecord | None:
        record = self._interaction(req.params["token"], req.params["app"])
        if record is None:
            return None
        started = record.dispatched_at or record.created_at
        if req.received_at - started > self.double.followup_lifetime:
            return None
        return record

    async def followup(self, req: RestRequest) -> RestResponse:
        """POST /webhooks/{app}/{token} (an interaction follow-up)."""
        record = self._webhook_alive(req)
        if record is None or not record.acknowledged:
            return error(404, "Unknown Webhook", 10015)
        data = req.json()
        if problem := validate_message(data, len(req.files)):
            return error(400, f"Invalid Form Body: {problem}", 50035)
        original = self.world.messages.get(record.response_message_id or 0)
        if original is not None and original["flags"] & LOADING:
            # The first follow-up after a deferred ("thinking") reply fills that message in.
            self.world.apply_edit(
                original, {k: v for k, v in data.items() if k != "flags"}, req.files
            )
            original["flags"] &= ~LOADING
            message = original
        else:
            message = self.world.make_message(
                record.channel_id,
                self.world.bot_user,
                data,
                req.files,
                webhook_id=self.world.application_id,
            )
        self._reply(req, FOLLOWUP, record, payload=data, message_id=int(message["id"]))
        return ok(message if truthy(req.query.get("wait")) else None)

    def _webhook_message(self, req: RestRequest) -> tuple[InteractionRecord | None, JSON | None]:
        record = self._webhook_alive(req)
        if record is None:
            return None, None
        mid = req.params["mid"]
        message_id = record.response_message_id if mid == "@original" else int(mid)
        return record, self.world.messages.get(message_id or 0)

    async def get_webhook_message(self, req: RestRequest) -> RestResponse:
        """GET /webhooks/{app}/{token}/messages/{id|@original}."""
        record, message = self._webhook_message(req)
        if record is None:
            return error(404, "Unknown Webhook", 10015)
        return ok(message) if message else error(404, "Unknown Message", 10008)

    async def edit_webhook_message(self, req: RestRequest) -> RestResponse:
        """PATCH /webhooks/{app}/{token}/messages/{id|@original}."""
        record, message = self._webhook_message(req)
        if record is None:
            return error(404, "Unknown Webhook", 10015)
        if message is None:
            return error(404, "Unknown Message", 10008)
        if problem := validate_message(req.json(), len(req.files), allow_empty=True):
            return error(400, f"Invalid Form Body: {problem}", 50035)
        self.world.apply_edit(message, req.json(), req.files)
        message["flags"] &= ~LOADING
        kind = EDIT_ORIGINAL if req.params["mid"] == "@original" else EDIT_FOLLOWUP
        self._reply(req, kind, record, message_id=int(message["id"]))
        return ok(message)

    async def delete_webhook_message(self, req: RestRequest) -> RestResponse:
        """DELETE /webhooks/{app}/{token}/messages/{id|@original}."""
        record, message = self._webhook_message(req)
        if record is None:
            return error(404, "Unknown Webhook", 10015)
        if message is None:
            return error(404, "Unknown Message", 10008)
        self.world.messages.pop(int(message["id"]), None)
        kind = DELETE_ORIGINAL if req.params["mid"] == "@original" else DELETE_FOLLOWUP
        self._reply(req, kind, record, payload={}, message_id=int(message["id"]))
        return ok(None, 204)
