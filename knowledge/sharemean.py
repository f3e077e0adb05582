"""The mean of a stored share that lacks some of those listed ("average market share"): each
one's share worked out from the quantity over its whole, averaged over all, said to be."""

from __future__ import annotations

from decimal import Decimal

from knowledge.computed import average
from knowledge.fields import Amount, Block, Label, Noun, PeriodText
from knowledge.intents import Ctx, Part, resolve_period
from knowledge.model import is_percent
from knowledge.shareworked import quantities_of


def average_or_worked(ctx: Ctx, metric: str) -> Part:
    """The mean of a metric; for a stored share missing some listed, the mean worked out."""
    plan, view = ctx.plan, ctx.view
    plain = plan.entities or plan.top_n is not None or plan.barred
    if plain or not is_percent(view.metrics[metric].unit):
        return average(ctx, metric)
    period, problem = resolve_period(ctx, metric)
    quantities = quantities_of(view, period) if problem is None and period is not None else []
    if len(quantities) != 1 or period is None:
        return average(ctx, metric)
    stored = ctx.population(metric, period).facts
    every = ctx.population(quantities[0], period).facts
    whole = view.aggregate(quantities[0], period)
    if len(every) <= len(stored) or whole is None or whole.value <= 0:
        return average(ctx, metric)  # (the stored share covers everyone)
    # the mean of each one's share of the whole: their sum over the whole, split between them
    mean = sum((f.value for f in every), Decimal(0)) * 100 / whole.value / len(every)
    fields = {
        "label": Label(metric),
        "label_lower": Label(metric, lower=True),
        "quantity_lower": Label(quantities[0], lower=True),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "value": Amount(mean, view.metrics[metric].unit, True),
        "count": len(stored),
        "total": len(every),
        "noun": Noun(),
    }
    facts = [*every, whole]
    return Part(
        answered=True, blocks=[Block("share_worked_mean", fields)], facts=facts, period=period
    )
