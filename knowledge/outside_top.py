""" "What's the share outside the top 2?", "quelle part hors du top 2 ?", "the total outside the top
3": everyone but the top N, together."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import Amount, Block, Label, Percent, PeriodText
from knowledge.intents import Ctx, Part, amount_of, no_data, whole_fields
from knowledge.model import Fact
from knowledge.population import whole

MAX_FIGURES = 50  # as for any share of several: only the largest figures are cited


def amount_outside_top(
    ctx: Ctx,
    metric: str,
    period: str,
    top: tuple[Fact, ...],
    top_said: dict[str, object],
    *,
    mean: bool,
) -> Part:
    """The sum (or mean) of the other figures of those asked about, as "excluding …" sums them."""
    rest = [f for f in ctx.population(metric, period).facts if f not in top]
    if not rest:
        return no_data(ctx, metric, period)  # "the total outside the top 6" of six: none
    fields: dict[str, object] = {
        "label": Label(metric),
        "period": PeriodText(period),
        "scope": ctx.scope,
        **top_said,
        "value": amount_of(ctx, metric, rest, mean=mean),
    }
    template = "average_outside_top" if mean else "total_outside_top"
    return Part(
        answered=True, blocks=[Block(template, fields)], facts=rest[:MAX_FIGURES], period=period
    )


def share_outside_top(
    ctx: Ctx, metric: str, period: str, top: tuple[Fact, ...], top_said: dict[str, object]
) -> Part:
    """The share of all but `top`: the stored whole less them when there is one and no group
    narrows the question (as "the rest" is everywhere), else the other figures summed."""
    found = whole(ctx.view, metric, period)
    if found is None:
        return no_data(ctx, metric, period)
    plan = ctx.plan
    rest = [f for f in ctx.population(metric, period).facts if f not in top]
    if found.aggregate is not None and not (plan.groups or plan.listed):
        value = found.value - sum((f.value for f in top), Decimal(0))
        approximate = True  # the whole's unlisted part is no stored figure of its own
    else:
        value = sum((f.value for f in rest), Decimal(0))
        approximate = any(f.approximate for f in rest)
    fields: dict[str, object] = {
        "entity": Block("outside_top", top_said),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "part": Amount(value, ctx.view.metrics[metric].unit, approximate),
        "percent": Percent(value / found.value),
    }
    named, anchors = whole_fields(ctx, found, metric)
    fields.update(named)
    template = "share" if found.aggregate is not None else "share_of_sum"
    cited = [*rest, *top][:MAX_FIGURES]
    return Part(
        answered=True, blocks=[Block(template, fields)], facts=[*cited, *anchors], period=period
    )
