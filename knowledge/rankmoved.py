"""A rank said as where one started: "so Meta went from 1st to what?", « Meta est passée de 1re
à quoi ? » asks its rank in the two periods, not how its figure changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.model import Period
from knowledge.parse.question import Query
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.plan import Plan


def rank_from_to(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """A change of one whose start is a place ("went from 1st"): its rank in the last two
    periods it has figures for (or the two the question names)."""
    one = len(plan.entities) == 1 and len(plan.metrics) == 1
    if plan.intent not in ("change", "rank_position") or not one:
        return
    if q.ordinal is None or q.numbers or q.top_n is not None or not _place_after_change(q):
        return
    facts = view.by_entity.get(plan.entities[0], ())
    codes = sorted({f.period for f in facts if f.metric == plan.metrics[0]})
    periods = sorted((Period.parse(code) for code in codes), key=Period.sort_key)
    if len(plan.periods) < 2 and len(periods) >= 2:
        plan.periods = periods[-2:]
    plan.intent, plan.position = "rank_position", None  # (the place said is the start)
    plan.extreme = plan.relative_change = False


def _place_after_change(q: Query) -> bool:
    """Whether the place is said right after the change ("went from 1st", "passée de 1re"),
    with nothing read between them (not "grew more than the 2nd")."""
    for change in (x for x in q.items if x.kind == "change"):
        place = next((x for x in q.items if x.kind == "ordinal" and x.start >= change.end), None)
        if place is None:
            continue
        if not any(change.end <= x.start < place.start for x in q.items):
            return True
    return False
