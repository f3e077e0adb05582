"""Which metrics a question means: those it names, else those its verbs, names, periods and
groups have figures for, narrowed to the ones with the data asked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.model import is_money, is_percent
from knowledge.parse.items import Item
from knowledge.parse.normalize import fold
from knowledge.parse.question import Query
from knowledge.population import population
from knowledge.view import KnowledgeView

if TYPE_CHECKING:
    from knowledge.plan import Plan

_ENTITY_INTENTS = frozenset(
    {
        "share",
        "comparison",
        "change",
        "rank_position",
        "rank_neighbour",
        "sources",
        "total",
        "average",
        "threshold",
        "remainder",
    }
)


def metrics_meant(
    q: Query, view: KnowledgeView, plan: Plan, context: Conversation | None
) -> list[str]:
    """The metrics the question means, narrowed by which have the data asked for."""
    order = list(view.metrics)
    candidates: set[str]
    if q.metrics:
        named = [m for m in q.metrics if m in view.metrics]
        # "Microsoft: Hopper chips and servers": a word naming one other metric is that metric too
        extra = q.partial_metrics - set(named)
        if len(extra) == 1:
            named += [m for m in extra if m in view.metrics]
        return named
    if q.partial_metrics:
        # "how many chips did Google get, all kinds": every metric the word names, any verb
        narrowed = set() if q.has("every_kind") else q.partial_metrics & q.verb_metrics
        candidates = set(narrowed or q.partial_metrics)
    elif q.verb_metrics:
        inherited = set(context.metrics) & q.verb_metrics if context is not None else set()
        candidates = inherited or set(q.verb_metrics)
    elif context is None and len(shared := _shared_between(view, plan)) == 1:
        return shared  # "who is between Tencent and Google?": the one metric both have figures for
    elif context is not None and not (plan.intent == "remainder" and plan.entities):
        candidates = set(context.metrics)
    elif plan.entities and plan.intent in _ENTITY_INTENTS:
        # (also "the server market without the 4" after other questions: the whole's metrics)
        # no metric named: the metrics every named entity has figures for
        candidates = {m for m in view.metrics if _has_data(view, m, plan)}
        # "how much did the server market grow?": its one metric, whose answer says what lacks
        candidates = candidates or _only_metric(view, plan.entities)
    elif plan.intent == "change":
        # "who fell the most?": only a metric with two periods can have changed
        candidates = {m for m in view.metrics if _has_data(view, m, plan)}
    elif plan.periods or plan.groups:
        # "who came last in 2023?", "top 2 Chinese companies": the only metric with such figures
        scoped = [m for m in order if _scope_has_data(view, m, plan)]
        return scoped if len(scoped) == 1 else []
    else:
        return []
    ordered = [m for m in order if m in candidates]
    with_data = [m for m in ordered if _has_data(view, m, plan)]
    # "Meta's rank in 2023 and 2024": the metrics with every period asked, when some have them
    complete = [m for m in with_data if _has_periods(view, m, plan)]
    return complete or with_data or ordered


def _shared_between(view: KnowledgeView, plan: Plan) -> list[str]:
    """For a "who is between A and B?" question, the metrics both ends have figures for (in
    the period asked, if any); none for other questions."""
    if plan.intent != "ranked_between" or len(plan.entities) < 2:
        return []
    return [m for m in view.metrics if _has_data(view, m, plan)]


def _only_metric(view: KnowledgeView, entities: list[str]) -> set[str]:
    """The one metric every named entity has figures for, if there is just one."""
    held = [{f.metric for f in view.by_entity.get(e, ())} for e in entities]
    shared = set.intersection(*held) if held else set()
    return shared if len(shared) == 1 else set()


def _has_data(view: KnowledgeView, metric: str, plan: Plan) -> bool:
    periods = view.periods.get(metric, ())
    if plan.periods and not any(p.code in periods for p in plan.periods):
        return False
    if plan.intent == "change" and len(periods) < 2:
        return False
    entities = plan.entities + ([plan.relative_to] if plan.relative_to else [])
    # "more than Amazon but less than Tencent": the bars' own figures are needed too
    entities += [b.key for b in plan.bounds or () if b.kind == "entity"]
    if plan.groups and not _scope_has_data(view, metric, plan):
        # "the biggest Chinese buyer", "did Chinese companies buy more than Microsoft?": not a
        # metric with no Chinese figure
        return False
    return all(any(f.metric == metric for f in view.by_entity.get(e, ())) for e in entities)


def _scope_has_data(view: KnowledgeView, metric: str, plan: Plan) -> bool:
    """Whether the metric has figures in every period asked and, in one of them, in the groups."""
    periods = view.periods.get(metric, ())
    asked = [p.code for p in plan.periods] or list(periods[-1:])
    if not asked or any(code not in periods for code in asked):
        return False
    if not plan.groups:
        return True
    if plan.intent == "comparison" and not plan.entities:
        # "US vs Chinese companies": a metric with figures for each group compared
        each = [population(view, metric, asked[0], (g,), tuple(plan.excluded)) for g in plan.groups]
        return all(found.facts for found in each)
    found = population(view, metric, asked[0], tuple(plan.groups), tuple(plan.excluded))
    return bool(found.facts)


def _has_periods(view: KnowledgeView, metric: str, plan: Plan) -> bool:
    periods = view.periods.get(metric, ())
    return all(p.code in periods for p in plan.periods)


def verb_of_another_measure(q: Query, view: KnowledgeView) -> tuple[str, str] | None:
    """ "How much did Microsoft spend on Hopper chips?": a verb of a metric in money said of a
    metric that is not (spending is in dollars, Hopper chips are counted): there is no such
    figure, rather than the count under another name. (the verb as said, its metric)"""
    if not q.verb_metrics or not q.metrics:
        return None  # no verb, or no metric named beside it: nothing to set against each other
    verbs = [x for x in q.items if x.kind == "verb"]
    # "a dépensé": a verb that also names its metric is the verb, not a metric named beside it
    named = {str(x.value) for x in q.items if x.kind == "metric" and x.start not in _starts(verbs)}
    if not named or not verbs or any(str(x.value) in named for x in verbs):
        return None
    if any(x.kind == "partial" for x in q.items):
        return None  # "spend on servers and Hopper chips": a word of the verb's metric is said too
    if any(is_money(view.metrics[m].unit) for m in named if m in view.metrics):
        return None
    for verb in verbs:
        metric = view.metrics.get(str(verb.value))
        # only money asked of a count: a count verb ("order") next to money is word order
        if metric is not None and is_money(metric.unit):
            words = " ".join(t.text for t in q.said[verb.start : verb.end])
            return as_written(q.text, words), metric.key
    return None


def _starts(items: list[Item]) -> set[int]:
    """Where each of these items starts in the question."""
    return {x.start for x in items}


def as_written(text: str, words: str) -> str:
    """Folded words as the question wrote them ("dépensé", not "depense"), when found."""
    written = re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", text)
    for size in range(1, len(words.split()) + 1):
        for i in range(len(written) - size + 1):
            said = " ".join(written[i : i + size])
            if fold(said) == words:
                return said
    return words


def shared_quantities(view: KnowledgeView, plan: Plan) -> list[str]:
    """For a share asked, the quantities it can be worked out from, not a stored percentage."""
    metrics = plan.metrics
    # "more than a third of world exports?" sets a part of the whole as its bar: a share too
    if plan.intent != "share" and plan.fraction is None:
        return metrics
    # a share of stored shares (9.3% of the 71.2% stored) means nothing: the quantity's is meant
    quantities = [m for m in metrics if not is_percent(view.metrics[m].unit)]
    if quantities or (metrics and plan.intent == "share"):
        return quantities or metrics
    # "what share did South America account for?": the one quantity with figures for it, if one
    found = [
        m
        for m in view.metrics
        if not is_percent(view.metrics[m].unit)
        and _scope_has_data(view, m, plan)
        and _has_data(view, m, plan)
    ]
    if len(found) == 1:
        return found
    return metrics if plan.intent != "share" else []
