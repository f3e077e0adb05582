"""A stored share with no figure for the one asked ("Indonesia's market share"): said so, then
the share worked out from the one quantity that has a stored whole, named as worked out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from knowledge.fields import Block, Label, Names
from knowledge.intents import Ctx, Part, figure, resolve_period
from knowledge.model import Fact, Period, is_percent
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
    lacking = lacking_share(ctx, metric)
    if lacking is None:
        return superlative(ctx, metric)
    least = plan.direction == "min"
    end = lacking.every[-1] if least else lacking.every[0]
    if sum(1 for f in lacking.every if f.value == end.value) > 1:
        return superlative(ctx, metric)  # (a tie at the end)
    asked = replace(
        plan,
        intent="share",
        metrics=[lacking.quantity],
        entities=[end.entity],
        periods=[Period.parse(lacking.period)],
        each=False,
        top_n=None,
    )
    worked = share(Ctx(view, asked, ctx.language), lacking.quantity)
    if not worked.answered:
        return superlative(ctx, metric)
    lead = Block(f"share_worked_{'min' if least else 'max'}", worked_fields(metric, lacking))
    return Part(
        answered=True, blocks=[lead, *worked.blocks], facts=worked.facts, period=lacking.period
    )


def ranking_or_worked(ctx: Ctx, metric: str) -> Part:
    """ "Each country's market share": when the stored share lacks some of those listed, each
    one's share worked out from the quantity over its whole, said to be; else the ranking."""
    plan, view = ctx.plan, ctx.view
    plain = plan.entities or scoped(plan) or plan.top_n is not None or plan.ties
    if plain or not plan.each or not is_percent(view.metrics[metric].unit):
        return ranking(ctx, metric)
    lacking = lacking_share(ctx, metric)
    if lacking is None:
        return ranking(ctx, metric)
    periods = [Period.parse(lacking.period)]
    asked = replace(plan, intent="share", metrics=[lacking.quantity], periods=periods)
    worked = share(Ctx(view, asked, ctx.language), lacking.quantity)
    if not worked.answered:
        return ranking(ctx, metric)
    lead = Block("share_worked_each", worked_fields(metric, lacking))
    return Part(
        answered=True, blocks=[lead, *worked.blocks], facts=worked.facts, period=lacking.period
    )


@dataclass(frozen=True, slots=True)
class Lacking:
    """A stored share lacking some of those listed: its period, the one quantity it can be
    worked out from, and who has a stored share and who has the quantity."""

    period: str
    quantity: str
    stored: tuple[Fact, ...]
    every: tuple[Fact, ...]


def lacking_share(ctx: Ctx, metric: str) -> Lacking | None:
    """The share's period, its one quantity with a stored whole and both populations, when
    the quantity has more of those listed than the stored share; else None."""
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return None
    quantities = quantities_of(ctx.view, period)
    if len(quantities) != 1:
        return None
    stored = ctx.population(metric, period).facts
    every = ctx.population(quantities[0], period).facts
    if len(every) <= len(stored):
        return None  # (the stored share covers everyone)
    return Lacking(period, quantities[0], stored, every)


def worked_fields(metric: str, lacking: Lacking) -> dict[str, object]:
    """What the lead line of a share worked out says: the stored share and the quantity used,
    how many have a stored share and how many are listed."""
    return {
        "label_lower": Label(metric, lower=True),
        "quantity_lower": Label(lacking.quantity, lower=True),
        "count": len(lacking.stored),
        "total": len(lacking.every),
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
