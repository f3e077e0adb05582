""" "The server market without the four", "the rest of the market": a stored whole less the
ones left out, which is a figure no single fact holds."""

from __future__ import annotations

from knowledge.computed import total
from knowledge.fields import Amount, Block, Label, Names, Percent, PeriodText
from knowledge.intents import Ctx, Part, resolve_period
from knowledge.population import left_out_facts, population


def remainder(ctx: Ctx, metric: str) -> Part:
    """The stored whole less the ones left out: those named, else everyone listed."""
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    aggregate = ctx.view.aggregate(metric, period)
    plan = ctx.plan
    if aggregate is None and (plan.excluded or plan.excluded_groups):
        return total(ctx, metric)  # no stored whole: the rest is the sum of the others listed
    if aggregate is None:
        return Part(blocks=[Block("the_rest", {})])  # no whole to take the rest of
    if plan.excluded or plan.excluded_groups:
        out, groups_out = tuple(plan.excluded), tuple(plan.excluded_groups)
        left_out = left_out_facts(ctx.view, metric, period, out, groups_out)
    else:
        # "the rest of the market": beyond all those listed
        left_out = list(population(ctx.view, metric, period).facts)
    unit = ctx.view.metrics[metric].unit
    if not left_out:
        # "the server market without the Chinese companies", none of which has a figure
        fields = {
            "label_lower": Label(metric, lower=True),
            "period": PeriodText(period),
            "whole": Names((aggregate.entity,)),
            "whole_value": Amount(aggregate.value, unit, aggregate.approximate),
        }
        return Part(
            answered=True,
            blocks=[Block("remainder_none", fields)],
            facts=[aggregate],
            period=period,
        )
    part = sum((f.value for f in left_out), start=aggregate.value * 0)
    fields = {
        "label": Label(metric),
        "period": PeriodText(period),
        "whole": Names((aggregate.entity,)),
        "names": Names(tuple(f.entity for f in left_out)),
        "value": Amount(aggregate.value - part, unit, True),
        "whole_value": Amount(aggregate.value, unit, aggregate.approximate),
        "part_value": Amount(part, unit, any(f.approximate for f in left_out)),
    }
    facts = [aggregate, *left_out]
    blocks = [Block("remainder", fields)]
    if plan.percent and aggregate.value > 0:
        # "what share of the market did the other companies have?": the rest as a part of it
        share = Percent((aggregate.value - part) / aggregate.value)
        blocks.append(Block("remainder_share", {"percent": share, "whole": fields["whole"]}))
    return Part(answered=True, blocks=blocks, facts=facts, period=period)
