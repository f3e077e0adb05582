"""A stored share with no figure for the one asked ("Indonesia's market share"): said so, then
the share worked out from the one quantity that has a stored whole, named as worked out."""

from __future__ import annotations

from dataclasses import replace

from knowledge.fields import Block, Label, Names
from knowledge.intents import Ctx, Part, figure
from knowledge.model import Period, is_percent
from knowledge.shares import share


def figure_or_worked(ctx: Ctx, metric: str) -> Part:
    """One's figure; for a stored share it lacks, the share worked out beside the "no figure"."""
    part = figure(ctx, metric)
    plan, view = ctx.plan, ctx.view
    if part.answered or len(plan.entities) != 1 or part.period is None:
        return part
    if not is_percent(view.metrics[metric].unit):
        return part
    entity, period = plan.entities[0], part.period
    if view.fact(entity, metric, period) is not None:
        return part  # (not a missing figure: another problem, such as the period)
    quantities = [
        m
        for m in view.metrics
        if not is_percent(view.metrics[m].unit)
        and view.aggregate(m, period) is not None
        and view.fact(entity, m, period) is not None
    ]
    if len(quantities) != 1:
        return part  # none, or several to choose from: only the "no figure"
    asked = replace(
        plan, intent="share", metrics=quantities, periods=[Period.parse(period)], each=False
    )
    worked = share(Ctx(view, asked, ctx.language), quantities[0])
    if not worked.answered:
        return part
    lead = Block(
        "share_worked",
        {"entity": Names((entity,)), "label_lower": Label(quantities[0], lower=True)},
    )
    blocks = [b for b in part.blocks if b.template == "no_entity_data"]
    return Part(
        answered=True,
        blocks=[*blocks, lead, *worked.blocks],
        facts=worked.facts,
        period=worked.period,
    )
