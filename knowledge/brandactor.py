"""A word that is only part of a measure's name, asked about as one who spent: "how much did
Nvidia spend?" (the brand of the chips counted, not one of those the figures are about)."""

from __future__ import annotations

from knowledge.metric_choice import as_written, verb_of_another_measure
from knowledge.model import is_money
from knowledge.parse.items import Item
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.view import KnowledgeView


def money_misread(plan: Plan, q: Query, view: KnowledgeView) -> None:
    """A problem for money asked of what is counted: of a brand of the things counted ("how much
    did Nvidia spend?", "how much did Microsoft spend on Nvidia?"), or of a counted measure named
    ("how much did Meta spend on Hopper?")."""
    if plan.problem is not None:
        return
    # a brand is a word of a measure's name said alone: most questions say none
    partial = any(x.kind == "partial" for x in q.items)
    if partial and (brand := brand_as_spender(q, view)) is not None:
        plan.problem, plan.other_measure, plan.metrics = "brand_actor", brand[:2], brand[2]
    elif partial and (spent := spent_on_brand(q, view)) is not None:
        plan.problem, plan.other_measure, plan.metrics = "other_measure", spent[:2], spent[2]
    elif (other := verb_of_another_measure(q, view)) is not None:
        plan.problem, plan.other_measure = "other_measure", other


def brand_as_spender(q: Query, view: KnowledgeView) -> tuple[str, str, list[str]] | None:
    """(the word as written, the money metric asked, the metrics the word names) when a word
    naming only counted measures is asked about in money with nobody else named; else None."""
    if q.entities or q.groups or q.has("pronoun"):
        return None  # "how much did Microsoft spend on Nvidia?": Microsoft is who spent
    money = _money_asked(q, view)
    brand = _brand(q, view)
    if money is None or brand is None:
        return None
    item, metric = brand
    words = " ".join(t.text for t in q.said[item.start : item.end])
    return as_written(q.text, words), money, [metric]


def spent_on_brand(q: Query, view: KnowledgeView) -> tuple[str, str, list[str]] | None:
    """(the verb as written, its money metric, the brand's metric) when one named spent on a
    brand of what is counted ("how much did Microsoft spend on Nvidia?"): no such figure."""
    if not q.entities:
        return None
    verbs = [x for x in q.items if x.kind == "verb" and _is_money(view, str(x.value))]
    brand = _brand(q, view)
    if not verbs or brand is None:
        return None
    at = {x.start for x in verbs}  # "a dépensé" names its metric too: the verb, not a name
    for item in q.items:
        keys = item.value if isinstance(item.value, frozenset) else {item.value}
        named = item.kind in ("metric", "partial") and item.start not in at
        if named and any(_is_money(view, str(key)) for key in keys):
            return None  # "spent on servers": the money measure is named
    words = " ".join(t.text for t in q.said[verbs[0].start : verbs[0].end])
    return as_written(q.text, words), str(verbs[0].value), [brand[1]]


def _brand(q: Query, view: KnowledgeView) -> tuple[Item, str] | None:
    """The first word naming one counted measure only, not in full ("Nvidia"), and its metric:
    "chips" names several kinds, a brand names one."""
    for item in q.items:
        if item.kind != "partial" or not isinstance(item.value, frozenset):
            continue
        named = [m for m in view.metrics if m in item.value]
        if len(named) == 1 and not _is_money(view, named[0]):
            return item, named[0]
    return None


def _is_money(view: KnowledgeView, key: str) -> bool:
    """Whether the metric of this key is in money."""
    metric = view.metrics.get(key)
    return metric is not None and is_money(metric.unit)


def _money_asked(q: Query, view: KnowledgeView) -> str | None:
    """The measure in money that the question's verb or names ask for, if any."""
    for item in q.items:
        keys = item.value if isinstance(item.value, frozenset) else {item.value}
        if item.kind not in ("verb", "metric", "partial"):
            continue
        for key in keys:
            if _is_money(view, str(key)):
                return str(key)
    return None
