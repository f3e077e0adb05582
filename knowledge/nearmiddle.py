"""Who is closest to the average (or the median): "which company is closest to the average?",
"quelle entreprise est la plus proche de la médiane ?" - the middle of the figures compared, and
the one (or those tied) nearest to it."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.fields import Amount, Block, Gap, Label, Names, Noun, PeriodText, Scope, Value, Word
from knowledge.intents import Ctx, Part, no_data, resolve_period
from knowledge.model import Period
from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan

# what the question may already be read as: the middle itself, or a list of names
_READ_AS = ("average", "median", "list_entities", "rank_neighbour", "reverse_lookup", "unknown")


def nearest_middle_asked(plan: Plan, q: Query, context: Conversation | None) -> None:
    """ "Which company is closest to the average?": the one nearest the middle, for the metric
    named or the one just discussed (the conversation's period and scope too)."""
    answering = context is not None and context.awaiting_metric and bool(context.mean_bar)
    if answering and context is not None and plan.intent == "reverse_lookup":
        plan.mean_bar = context.mean_bar  # "… closest to the average?" - "which one?" - "Hopper"
        return
    if not q.has("closer") or not q.has("average", "median") or q.entities or q.numbers:
        return
    if plan.intent not in _READ_AS or plan.problem not in (None, "clarify", "no_metric", "unknown"):
        return
    named = bool(q.metrics or q.partial_metrics or q.verb_metrics)
    if not named and context is not None and context.metrics:
        plan.metrics = list(context.metrics)  # "avg server spend" - "who is closest to it?"
        period = context.answered_period or context.period
        plan.periods = plan.periods or ([Period.parse(period)] if period else [])
        plan.groups = plan.groups or list(context.groups)
        plan.excluded = plan.excluded or list(context.excluded)
    if not plan.metrics and plan.problem != "no_metric":
        return  # no metric to take the middle of: as read before
    plan.intent, plan.entities = "reverse_lookup", []
    keep = plan.problem in ("clarify", "no_metric")  # "which one?", then the middle of that one
    plan.problem = plan.problem if keep else None
    plan.mean_bar = "median" if q.has("median") else "average"
    plan.threshold, plan.relative_to = None, None


def nearest_middle(ctx: Ctx, metric: str) -> Part:
    """The average (or median) of the figures compared, and whoever is nearest to it."""
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    compared = ctx.population(metric, period)
    if not compared.facts:
        return no_data(ctx, metric, period)
    values = [f.value for f in compared.facts]
    by_median = ctx.plan.mean_bar == "median"
    middle = statistics.median(values) if by_median else compared.total / len(values)
    gap = min(abs(f.value - middle) for f in compared.facts)
    nearest = [f for f in compared.facts if abs(f.value - middle) == gap]
    unit = ctx.view.metrics[metric].unit
    exact = middle == middle.to_integral_value()
    head: dict[str, object] = {
        "middle": Word("middle_median" if by_median else "middle_mean"),
        "number": Amount(middle, unit, compared.approximate or not exact),
        "count": len(values),
        "noun": Noun(),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "scope": Scope(tuple(ctx.plan.groups), tuple(ctx.plan.excluded)),
    }
    part = Part(answered=True, blocks=[Block("nearest_middle_head", head)], period=period)
    for fact in nearest:
        line = {
            "entity": Names((fact.entity,)),
            "value": Value(fact),
            "gap": Gap(gap, unit, compared.approximate),
        }
        part.blocks.append(Block("nearest_middle_line", line))
    part.facts.extend([*nearest, *(f for f in compared.facts if f not in nearest)])
    return part
