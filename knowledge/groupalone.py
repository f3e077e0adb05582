"""A group named with nothing asked of it ("entreprises chinoises 2023", "Chinese companies"):
its members' figures added up, for each kind of figure they have (in the period named)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.parse.question import Query
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.plan import Plan

# what may be said with the group when nothing is asked of it
_ALONE = frozenset({"group", "period", "entity_noun", "followup"})
MAX_METRICS = 3  # as for any question: beyond this many kinds of figures, ask which one


def group_alone(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """A group said alone is asked about as a name alone is: its total for each kind of figure
    its members have (asking which one when there are too many)."""
    if plan.problem != "unknown" or not q.groups or q.entities or q.unknown:
        return
    if not {x.kind for x in q.items} <= _ALONE:
        return
    metrics = _metrics_of(view, plan)
    if not metrics:
        return
    plan.intent, plan.metrics, plan.groups = "total", metrics, list(q.groups)
    plan.problem = "clarify" if len(metrics) > MAX_METRICS else None


def _metrics_of(view: KnowledgeView, plan: Plan) -> list[str]:
    """The kinds of figures the groups' members have (in the periods asked), in stored order."""
    members = {m for g in plan.groups for m in view.members.get(g, ())}
    codes = {p.code for p in plan.periods}
    found = {
        f.metric
        for e in members
        for f in view.by_entity.get(e, ())
        if not codes or f.period in codes
    }
    return [m for m in view.metrics if m in found]
