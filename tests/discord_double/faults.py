"""REST fault rules: answer matching requests with 429, 5xx or another status, or delay them."""

from __future__ import annotations

import fnmatch
import json
import math
import time
from dataclasses import dataclass

from .models import JSON


@dataclass
class RestFault:
    """One fault rule.

    ``method`` ("*" for any) and ``path`` (an fnmatch glob over the path after ``/api/v10``, e.g.
    ``"/interactions/*/callback"`` or ``"/channels/*/messages"``) select requests; the rule fires
    ``times`` times. ``status`` None means "only delay". ``delay`` seconds are waited first.
    """

    method: str
    path: str
    status: int | None = 429
    retry_after: float = 0.5
    is_global: bool = False
    times: int = 1
    delay: float = 0.0
    body: JSON | None = None
    via_header: bool = True
    fired: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Return whether this rule applies to the request and still has shots left."""
        if self.fired >= self.times:
            return False
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        return fnmatch.fnmatchcase(path, self.path)

    @property
    def label(self) -> str:
        """Return a short description used in RestCall.fault."""
        if self.status is None:
            return f"delay {self.delay}s"
        return f"status {self.status}"

    def response(self) -> tuple[int, dict[str, str], bytes]:
        """Return (status, headers, body) for this fault's error answer."""
        assert self.status is not None
        headers = {"Content-Type": "application/json"}
        if self.status == 429:
            data = self.body or {
                "message": "You are being rate limited.",
                "retry_after": self.retry_after,
                "global": self.is_global,
                "code": 0,
            }
            headers.update(rate_limit_headers(self.retry_after, self.is_global))
            if self.via_header:
                # discord.py treats a 429 without Via as a Cloudflare ban and does not retry.
                headers["Via"] = "1.1 google"
        else:
            data = self.body or {"message": f"{self.status}: injected by the double", "code": 0}
        return self.status, headers, json.dumps(data).encode()


def rate_limit_headers(retry_after: float, is_global: bool) -> dict[str, str]:
    """Return the X-RateLimit-* and Retry-After headers Discord sends with a 429."""
    headers = {
        "Retry-After": str(max(1, math.ceil(retry_after))),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
        "X-RateLimit-Reset-After": f"{retry_after:.3f}",
        "X-RateLimit-Bucket": "double-bucket",
        "X-RateLimit-Scope": "global" if is_global else "user",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    return headers


class FaultBook:
    """The ordered list of pending REST fault rules."""

    def __init__(self) -> None:
        self.rules: list[RestFault] = []

    def add(self, rule: RestFault) -> RestFault:
        """Add a rule and return it (its ``fired`` count can be inspected later)."""
        self.rules.append(rule)
        return rule

    def take(self, method: str, path: str) -> RestFault | None:
        """Return the first matching rule, counting it as fired, or None."""
        for rule in self.rules:
            if rule.matches(method, path):
                rule.fired += 1
                return rule
        return None

    def clear(self) -> None:
        """Drop every pending rule."""
        self.rules.clear()
