""" "The 3" said of those listed when more (or fewer) are listed: which three is not known, so
Tally asks rather than answering about all of them."""

from __future__ import annotations

from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.view import KnowledgeView

# what is asked of "the N" together: their figures added up or shared
_TOGETHER = ("share", "total", "average")


def count_unmatched(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """ "What share of the market do the 3 have?" with 6 listed and none just shown: ask which."""
    if plan.problem is not None or q.the_n is None or not plan.listed:
        return
    if plan.intent not in _TOGETHER or plan.entities or len(plan.metrics) != 1:
        return
    if plan.groups or plan.excluded or plan.excluded_groups or plan.barred or plan.top_n:
        return  # ("the 3 Chinese companies", "the 4 but Meta": counted among those)
    listed = _listed(view, plan)
    if listed and listed != q.the_n:
        plan.problem, plan.count_said = "count_unmatched", (q.the_n, listed)


def _listed(view: KnowledgeView, plan: Plan) -> int:
    """How many have a figure on the metric in the period asked (else its latest), wholes apart."""
    metric = plan.metrics[0]
    periods = view.periods.get(metric, ())
    asked = [p.code for p in plan.periods] or list(periods[-1:])
    if not asked:
        return 0
    return sum(
        1
        for f in view.facts
        if f.metric == metric and f.period == asked[0] and not view.entities[f.entity].aggregate
    )
