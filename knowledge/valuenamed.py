"""A figure named by its value alone: "what is the 229 billion figure exactly?", « le 229
milliards c'est quoi ? »: the figures that have that value, whatever their measure."""

from __future__ import annotations

from knowledge.model import Period
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.view import KnowledgeView

# what asking which measure means when nothing but a value is said
_OPEN = ("no_metric", "clarify")


def value_named(plan: Plan, query: Query, view: KnowledgeView) -> None:
    """Read a question naming only a value as one about the figures with that value, when they
    are all of one measure and period (else the question stays open: which measure?)."""
    if plan.intent != "reverse_lookup" or plan.problem not in _OPEN or plan.value is None:
        return
    if plan.threshold not in (None, ("eq", plan.value)) or plan.entities or plan.groups:
        return  # "who has more than 200k?" is a bar, not a figure named
    if query.metrics or query.partial_metrics or query.verb_metrics:
        return
    codes = {p.code for p in plan.periods}
    found = [
        fact
        for fact in view.preferred_facts()
        if fact.value == plan.value and (not codes or fact.period in codes)
    ]
    kinds = {(fact.metric, fact.period) for fact in found}
    if len(kinds) != 1:
        return
    metric, period = kinds.pop()
    plan.metrics, plan.periods, plan.problem = [metric], [Period.parse(period)], None
    if len(found) == 1:
        # one figure: itself, with its note (a whole market too, which no one "has")
        plan.intent, plan.entities = "figure", [found[0].entity]
