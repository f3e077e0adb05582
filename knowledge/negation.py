"""Negated questions: "who didn't buy more than 200,000?" asks for the other side of the bar."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan

# the other side of a bar: "not more than" is "at most", "not at least" is "less than"
_OTHER_SIDE = {"gt": "le", "ge": "lt", "lt": "ge", "le": "gt"}
_BARRED = ("threshold", "count")


def negate(plan: Plan, q: Query) -> None:
    """Turn a negated list question's bar over, or refuse what the figures cannot say."""
    if not q.has("negation") or plan.problem is not None or not _in_its_language(q):
        return
    if plan.entities or plan.sides or plan.together:
        # "didn't Microsoft buy more than Meta?" asks what the question without "not" asks
        return
    if plan.intent == "change" and plan.multiple is not None and plan.times is None:
        plan.times = "lt"  # "who didn't (even) double?": those under twice their earlier figure
        return
    op = _op(plan)
    barred = plan.intent in _BARRED or (plan.intent == "change" and plan.growth_bar)
    if not barred or op not in _OTHER_SIDE:
        # "who didn't buy chips?": the figures say who did and how much, never who did not
        plan.problem = "negation"
        return
    value = plan.threshold[1] if plan.threshold else Decimal(1)
    plan.threshold = (_OTHER_SIDE[op], value)
    plan.direction = "min" if plan.threshold[0] in ("lt", "le") else "max"


def _op(plan: Plan) -> str:
    """The comparison the bar makes; "as many as Microsoft" negated is fewer than Microsoft."""
    if plan.threshold is None:
        return "lt" if plan.direction == "min" else "gt"
    op = plan.threshold[0]
    if op == "eq" and plan.relative_to is not None and plan.factor == 1:
        return "ge"  # "who didn't buy as many as Microsoft?": less than Microsoft
    return op


def _in_its_language(q: Query) -> bool:
    """Whether a "not" is one in the question's language: French "dont" ("whose") is no "don't"."""
    words = vocabulary().words.get(q.language, set())
    said = (t.key for x in q.items if x.kind == "negation" for t in q.said[x.start : x.end])
    return any(key in words for key in said)
