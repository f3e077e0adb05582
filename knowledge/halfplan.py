"""Whether a question asks for the top or bottom half of a ranking ("the bottom half of Hopper
buyers", "la moitié supérieure des acheteurs"): read before the ranking is made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan

_HALVES = {"top_half": "top", "bottom_half": "bottom"}


def half_asked(plan: Plan, q: Query) -> None:
    """ "The bottom half of Hopper buyers": a ranking of that half, when no one is named."""
    if not q.has(*_HALVES):
        return  # most questions say no half
    said = [half for concept, half in _HALVES.items() if q.has(concept)]
    if len(said) != 1 or plan.entities or plan.intent not in ("ranking", "superlative", "figure"):
        return
    plan.half, plan.intent = said[0], "ranking"
    plan.fraction = plan.threshold = plan.value = None  # the half is of the ranking, not a part
