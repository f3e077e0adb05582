"""The mean of a stored share that lacks some of those listed ("average market share"): each
one's share worked out from the quantity over its whole, averaged over all, said to be."""

from __future__ import annotations

from decimal import Decimal

from knowledge.computed import average
from knowledge.fields import Amount, Block, Label, Noun, PeriodText
from knowledge.intents import Ctx, Part
from knowledge.model import is_percent
from knowledge.shareworked import lacking_share, worked_fields


def average_or_worked(ctx: Ctx, metric: str) -> Part:
    """The mean of a metric; for a stored share missing some listed, the mean worked out."""
    plan, view = ctx.plan, ctx.view
    plain = plan.entities or plan.top_n is not None or plan.barred
    if plain or not is_percent(view.metrics[metric].unit):
        return average(ctx, metric)
    lacking = lacking_share(ctx, metric)
    whole = view.aggregate(lacking.quantity, lacking.period) if lacking is not None else None
    if lacking is None or whole is None or whole.value <= 0:
        return average(ctx, metric)
    every = lacking.every
    # the mean of each one's share of the whole: their sum over the whole, split between them
    mean = sum((f.value for f in every), Decimal(0)) * 100 / whole.value / len(every)
    fields = worked_fields(metric, lacking) | {
        "label": Label(metric),
        "period": PeriodText(lacking.period),
        "scope": ctx.scope,
        "value": Amount(mean, view.metrics[metric].unit, True),
        "noun": Noun(),
    }
    facts = [*every, whole]
    return Part(
        answered=True,
        blocks=[Block("share_worked_mean", fields)],
        facts=facts,
        period=lacking.period,
    )
