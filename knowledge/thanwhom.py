"""A comparison with one side only: "how many times more did Microsoft buy?", "how much more
did Meta buy?" name nobody and no year to set it against: ask which, rather than guess."""

from __future__ import annotations

from knowledge.parse.question import Query
from knowledge.plan import Plan

# what such a question may say besides the gap asked: the one, the measure, one period
_ALONE = frozenset({"ratio", "difference", "entity", "verb", "metric", "partial", "period"})
_ALONE |= {"how_many", "filler", "pronoun"}


def than_whom(plan: Plan, q: Query) -> None:
    """Ask than whom or than when, for a gap asked of one figure with nothing to set it against."""
    if plan.followup or plan.intent != "figure" or plan.problem is not None:
        return  # (after an answer, the one just discussed is the other side)
    if len(q.entities) != 1 or len(q.periods) > 1 or len(q.metrics) > 1 or q.numbers:
        return
    if q.has("ratio", "difference") and {x.kind for x in q.items} <= _ALONE:
        plan.problem = "than_whom"
