"""A word that is only part of a measure's name, asked about as one who spent: "how much did
Nvidia spend?" (the brand of the chips counted, not one of those the figures are about)."""

from __future__ import annotations

from knowledge.metric_choice import verb_of_another_measure, as_written
from knowledge.model import is_money
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.view import KnowledgeView


def money_misread(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """A problem for money asked of what is counted: of a brand of the things counted ("how much
    did Nvidia spend?"), or of a counted measure named ("how much did Meta spend on Hopper?")."""
    if plan.problem is not None:
        return
    if (brand := brand_as_spender(q, view)) is not None:
        plan.problem, plan.other_measure, plan.metrics = "brand_actor", brand[:2], brand[2]
    elif (other := verb_of_another_measure(q, view)) is not None:
        plan.problem, plan.other_measure = "other_measure", other


def brand_as_spender(q: Query, view: KnowledgeView) -> tuple[str, str, list[str]] | None:
    """(the word as written, the money metric asked, the metrics the word names) when a word
    naming only counted measures is asked about in money with nobody else named; else None."""
    if q.entities or q.groups or q.has("pronoun"):
        return None  # "how much did Microsoft spend on Nvidia?": Microsoft is who spent
    money = _money_asked(q, view)
    if money is None:
        return None
    for item in q.items:
        if item.kind != "partial" or not isinstance(item.value, frozenset):
            continue
        named = [m for m in view.metrics if m in item.value]
        # one counted measure only: "chips" names several kinds, a brand names one
        if len(named) == 1 and not is_money(view.metrics[named[0]].unit):
            words = " ".join(t.text for t in q.said[item.start : item.end])
            return as_written(q.text, words), money, named
    return None


def _money_asked(q: Query, view: KnowledgeView) -> str | None:
    """The measure in money that the question's verb or names ask for, if any."""
    for item in q.items:
        keys = item.value if isinstance(item.value, frozenset) else {item.value}
        if item.kind not in ("verb", "metric", "partial"):
            continue
        for key in keys:
            metric = view.metrics.get(str(key))
            if metric is not None and is_money(metric.unit):
                return metric.key
    return None
