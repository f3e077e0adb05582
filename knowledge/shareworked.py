"""A stored share with no figure for the one asked ("Indonesia's market share"): said so, then
the share worked out from the one quantity that has a stored whole, named as worked out."""

from __future__ import annotations

from dataclasses import replace

from knowledge.fields import Block, Label, Names
from knowledge.intents import Ctx, Part, figure, resolve_period
from knowledge.model import Period, is_percent
from knowledge.plan import Plan
from knowledge.rankings import superlative
from knowledge.shares import share
from knowledge.ties import ranking
from knowledge.view import KnowledgeView


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
        m for m in quantities_of(view, period) if view.fact(entity, m, period) is not None
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


def superlative_or_worked(ctx: Ctx, metric: str) -> Part:
    """Who holds the most (or least) of a stored share; when it lacks some of those listed, the
    one found from the quantity over its whole, its share worked out and said to be."""
    plan, view = ctx.plan, ctx.view
    if (
        not is_percent(view.metrics[metric].unit)
        or plan.entities
        or plan.narrowed
        or plan.both_ends
    ):
        return superlative(ctx, metric)
    period, problem = resolve_period(ctx, metric)
    quantities = quantities_of(view, period) if problem is None and period is not None else []
    if len(quantities) != 1 or period is None:
        return superlative(ctx, metric)
    stored, every = (
        ctx.population(metric, period).facts,
        ctx.population(quantities[0], period).facts,
    )
    least = plan.direction == "min"
    end = every[-1] if least else every[0]
    if len(every) <= len(stored) or sum(1 for f in every if f.value == end.value) > 1:
        return superlative(ctx, metric)  # (the stored share covers everyone, or a tie at the end)
    asked = replace(
        plan,
        intent="share",
        metrics=quantities,
        entities=[end.entity],
        periods=[Period.parse(period)],
        each=False,
        top_n=None,
    )
    worked = share(Ctx(view, asked, ctx.language), quantities[0])
    if not worked.answered:
        return superlative(ctx, metric)
    fields = _worked_fields(metric, quantities[0], len(stored), len(every))
    lead = Block(f"share_worked_{'min' if least else 'max'}", fields)
    return Part(answered=True, blocks=[lead, *worked.blocks], facts=worked.facts, period=period)


def ranking_or_worked(ctx: Ctx, metric: str) -> Part:
    """ "Each country's market share": when the stored share lacks some of those listed, each
    one's share worked out from the quantity over its whole, said to be; else the ranking."""
    plan, view = ctx.plan, ctx.view
    plain = plan.entities or scoped(plan) or plan.top_n is not None or plan.ties
    if plain or not plan.each or not is_percent(view.metrics[metric].unit):
        return ranking(ctx, metric)
    period, problem = resolve_period(ctx, metric)
    quantities = quantities_of(view, period) if problem is None and period is not None else []
    if len(quantities) != 1 or period is None:
        return ranking(ctx, metric)
    stored = ctx.population(metric, period).facts
    every = ctx.population(quantities[0], period).facts
    if len(every) <= len(stored):
        return ranking(ctx, metric)
    asked = replace(plan, intent="share", metrics=quantities, periods=[Period.parse(period)])
    worked = share(Ctx(view, asked, ctx.language), quantities[0])
    if not worked.answered:
        return ranking(ctx, metric)
    fields = _worked_fields(metric, quantities[0], len(stored), len(every))
    lead = Block("share_worked_each", fields)
    return Part(answered=True, blocks=[lead, *worked.blocks], facts=worked.facts, period=period)


def _worked_fields(metric: str, quantity: str, stored: int, every: int) -> dict[str, object]:
    """What the lead line of a share worked out says: the stored share and the quantity used,
    how many have a stored share and how many are listed."""
    return {
        "label_lower": Label(metric, lower=True),
        "quantity_lower": Label(quantity, lower=True),
        "count": stored,
        "total": every,
    }


def quantities_of(view: KnowledgeView, period: str) -> list[str]:
    """The metrics not in % with a stored whole in the period: what a share can be worked from."""
    return [
        m
        for m in view.metrics
        if not is_percent(view.metrics[m].unit) and view.aggregate(m, period) is not None
    ]


def scoped(plan: Plan) -> bool:
    """Whether the question is among some only (a group, some left out), not all those listed."""
    return bool(plan.groups or plan.excluded or plan.excluded_groups)
