"""Calling the question service's flush and close, whichever of sync or async they are."""

from __future__ import annotations

import inspect


async def maybe_await(result: object) -> None:
    """Await what needs awaiting (the service's flush and close may be either)."""
    if inspect.isawaitable(result):
        await result
