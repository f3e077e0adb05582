"""Threshold questions: who is above or below a number, another's figure or a part of the whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from knowledge.intents import (
    MAX_LINES,
    Ctx,
    Part,
    missing_fact,
    no_data,
    resolve_period,
    threshold_number,
)
from knowledge.model import Fact
from knowledge.population import population
from knowledge.render import Amount, Block, Label, Names, Percent, PeriodText, Value, Word


def threshold(ctx: Ctx, metric: str) -> Part:
    """Everyone above (or below) a number, another entity's figure, or a part of the whole."""
    plan = ctx.plan
    period, problem = resolve_period(ctx, metric, plan.relative_to)
    if problem is not None or period is None:
        return problem or Part()
    bar = _bar(ctx, metric, period)
    if isinstance(bar, Part):
        return bar
    compared = ctx.population(metric, period)
    found = compared.select(bar.op, bar.value, plan.upper)
    head = bar.head | {
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "count": len(found),
    }
    if not found:
        # "nobody has more than Meta" rests on Meta's figure; "nobody has more than half" or
        # "more than 200,000" on the figures compared (and the whole the bar was taken from)
        basis = bar.anchors + (list(compared.facts[:MAX_LINES]) if bar.cite_compared else [])
        return Part(answered=True, blocks=[Block(bar.empty, head)], facts=basis, period=period)
    part = Part(answered=True, blocks=[Block(bar.template, head)], period=period)
    for fact in found[:MAX_LINES]:
        part.blocks.append(
            Block(
                "threshold_line",
                {"entity": Names((fact.entity,)), "value": Value(fact, bold=False)},
            )
        )
        part.facts.append(fact)
    if bar.part:
        part.facts.extend(bar.anchors)  # the stored whole the bar was taken from
    if len(found) > MAX_LINES:
        part.blocks.append(Block("ranking_more", {"count": len(found) - MAX_LINES}))
    return part


@dataclass(slots=True)
class _Bar:
    """What a threshold compares to, and how its answer says it."""

    op: str
    value: Decimal
    head: dict[str, object]
    template: str
    empty: str
    anchors: list[Fact] = field(default_factory=list)  # figures the bar itself rests on
    part: bool = False  # a part of the whole, taken from the stored whole or the sum
    # "nobody has more than 200,000": the figures compared are what the answer rests on
    cite_compared: bool = True


def _bar(ctx: Ctx, metric: str, period: str) -> _Bar | Part:
    plan = ctx.plan
    op = plan.threshold[0] if plan.threshold else ("lt" if plan.direction == "min" else "gt")
    if plan.relative_to is not None:
        anchor = ctx.view.fact(plan.relative_to, metric, period)
        if anchor is None:
            return missing_fact(ctx, plan.relative_to, metric, period)
        suffix = "_less" if op in ("lt", "le") else ""
        head: dict[str, object] = {"entity": Names((anchor.entity,)), "number": Value(anchor)}
        relative = f"_relative{suffix}"
        return _Bar(op, anchor.value, head, f"threshold_head{relative}",
                    f"threshold_none{relative}", [anchor], cite_compared=False)  # fmt: skip
    if plan.fraction is not None:
        return _part_bar(ctx, metric, period, op, plan.fraction)
    value = plan.threshold[1] if plan.threshold else plan.value or Decimal(0)
    head = {"op": Word(f"op_{op}"), "number": threshold_number(ctx, metric)}
    return _Bar(op, value, head, "threshold_head", "threshold_none")


def _part_bar(ctx: Ctx, metric: str, period: str, op: str, fraction: Decimal) -> _Bar | Part:
    """ "more than half of the chips": the bar is a part of the stored whole, else of the sum."""
    head: dict[str, object] = {"op": Word(f"op_{op}"), "percent": Percent(fraction)}
    aggregate = ctx.view.aggregate(metric, period)
    if aggregate is not None and aggregate.value > 0:
        head |= {"whole": Value(aggregate), "whole_name": Names((aggregate.entity,))}
        value = fraction * aggregate.value
        part = "threshold_head_part", "threshold_none_part"
        return _Bar(op, value, head, *part, [aggregate], part=True)
    everyone = population(ctx.view, metric, period)  # the sum of all, whatever the scope
    if everyone.total <= 0:
        return no_data(ctx, metric, period)
    unit = ctx.view.metrics[metric].unit
    head |= {"whole": Amount(everyone.total, unit, everyone.approximate),
             "total_count": len(everyone.facts)}  # fmt: skip
    return _Bar(op, fraction * everyone.total, head, "threshold_head_part_of_sum",
                "threshold_none_part_of_sum", part=True)  # fmt: skip
