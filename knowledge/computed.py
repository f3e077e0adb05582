"""Answers computed from several figures: totals, averages, counts, shares."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.fields import (
    Amount,
    Block,
    Label,
    Names,
    Noun,
    PeriodText,
    Statement,
    Word,
)
from knowledge.intents import (
    MAX_PERIODS,
    Ctx,
    Part,
    amount_of,
    each_period,
    no_data,
    resolve_period,
    with_notes,
)
from knowledge.model import Fact, Period
from knowledge.named import asks_named, named_average, named_total
from knowledge.outside_top import amount_outside_top
from knowledge.population import top_facts
from knowledge.render import MAX_NAMES
from knowledge.thresholds import nobody_past, past, top_of

if TYPE_CHECKING:
    from knowledge.plan import Plan

MAX_FIGURES = 50  # a sum over many facts lists only the largest among its figures


def total(ctx: Ctx, metric: str) -> Part:
    """A sum over a group or everyone; the stored whole-market figure when one exists."""
    if asks_named(ctx):
        return named_total(ctx, metric)
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    plan = ctx.plan
    aggregate = ctx.view.aggregate(metric, period)
    if aggregate is not None and _whole_answers(plan):
        return Part(
            answered=True,
            blocks=with_notes(ctx, aggregate, "total_aggregate"),
            facts=[aggregate],
            period=period,
        )
    if plan.barred:
        return _past_bar(ctx, metric, period, mean=False)
    if plan.top_n is not None:
        return _top(ctx, metric, period, mean=False)
    pop = ctx.population(metric, period)
    if not pop.facts:
        return no_data(ctx, metric, period)
    if len(pop.facts) == 1:
        return _only_one(ctx, pop.facts[0], period)
    unit = ctx.view.metrics[metric].unit
    fields = {
        "label": Label(metric),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "value": Amount(pop.total, unit, pop.approximate),
        "count": len(pop.facts),
        "noun": Noun(),
    }
    return Part(
        answered=True,
        blocks=[Block("total_sum", fields)],
        facts=list(pop.facts[:MAX_FIGURES]),
        period=period,
    )


def total_over_periods(ctx: Ctx, metric: str) -> Part:
    """ "How many in total over both years?": each period's total, then the sum of them (each
    period's sum may cover different ones: each says how many)."""
    part = each_period(ctx, metric, total)
    periods = sorted(ctx.plan.periods, key=Period.sort_key)[:MAX_PERIODS]
    values = [_period_total(ctx, metric, p.code) for p in periods]
    if not part.answered or any(v is None for v in values):
        return part
    found = [v for v in values if v is not None]
    fields = {
        "label": Label(metric),
        "periods": Names(tuple(p.code for p in periods)),
        "scope": ctx.scope,
        "value": Amount(sum(found, Decimal(0)), ctx.view.metrics[metric].unit, True),
    }
    part.blocks.append(Block("total_over_periods", fields))
    return part


def _whole_answers(plan: Plan) -> bool:
    """Whether a total is the stored whole: nothing narrows who is added up."""
    return not (plan.narrowed or plan.top_n is not None or plan.barred)


def _period_total(ctx: Ctx, metric: str, period: str) -> Decimal | None:
    """What `total` gives for one period: the stored whole when nothing narrows it, else the
    sum of the population."""
    aggregate = ctx.view.aggregate(metric, period)
    if aggregate is not None and _whole_answers(ctx.plan):
        return aggregate.value
    pop = ctx.population(metric, period)
    return pop.total if pop.facts else None


def _past_bar(ctx: Ctx, metric: str, period: str, *, mean: bool) -> Part:
    """ "the average of those with more than 100,000": the sum or mean of the figures past a bar."""
    passed = past(ctx, metric, period)
    if isinstance(passed, Part):
        return passed
    found_bar, found = passed
    if not ctx.population(metric, period).facts:
        return no_data(ctx, metric, period)
    if not found:
        return nobody_past(ctx, metric, period, found_bar, cite=MAX_FIGURES)
    found_bar, found = top_of(ctx, found_bar, found)  # "the total of the top 3 with more than"
    fields: dict[str, object] = {
        "label": Label(metric),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "bar": found_bar.phrase,
        "count": len(found),
        "value": amount_of(ctx, metric, found, mean=mean),
    }
    blocks = [Block("average_barred" if mean else "total_barred", fields)]
    cited = [*found[:MAX_FIGURES], *found_bar.anchors]
    return Part(answered=True, blocks=blocks, facts=cited, period=period)


def _top(ctx: Ctx, metric: str, period: str, *, mean: bool) -> Part:
    """ "the total of the top 3": the sum or mean of the N highest (or lowest), a tie kept whole."""
    facts = ctx.population(metric, period).facts
    if not facts:
        return no_data(ctx, metric, period)
    chosen = top_facts(facts, ctx.plan.top_n or 1, lowest=ctx.plan.direction == "min")
    if ctx.plan.top_out:
        return amount_outside_top(ctx, metric, period, chosen, top_fields(ctx, chosen), mean=mean)
    fields: dict[str, object] = {
        "label": Label(metric),
        "period": PeriodText(period),
        "scope": ctx.scope,
        **top_fields(ctx, chosen),
        "value": amount_of(ctx, metric, chosen, mean=mean),
    }
    template = "average_top" if mean else "total_top"
    blocks = [Block(template, fields)]
    return Part(answered=True, blocks=blocks, facts=list(chosen[:MAX_FIGURES]), period=period)


def top_fields(ctx: Ctx, chosen: tuple[Fact, ...]) -> dict[str, object]:
    """ "the 3 highest (Microsoft, ByteDance and Tencent)"."""
    lowest = ctx.plan.direction == "min"
    return {
        "count": len(chosen),
        "which": Word("top_min" if lowest else "top_max"),
        "names": Names(tuple(f.entity for f in chosen[:MAX_NAMES]), len(chosen)),
    }


def _only_one(ctx: Ctx, fact: Fact, period: str) -> Part:
    """A sum or mean of one figure is that figure: say so rather than "over 1"."""
    blocks = with_notes(ctx, fact, "only_one")
    blocks[0].fields["scope"] = ctx.scope
    return Part(answered=True, blocks=blocks, facts=[fact], period=period)


def average(ctx: Ctx, metric: str) -> Part:
    """The mean over a group or everyone, saying over how many figures."""
    if asks_named(ctx):
        return named_average(ctx, metric)
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    if ctx.plan.barred:
        return _past_bar(ctx, metric, period, mean=True)
    if ctx.plan.top_n is not None:
        return _top(ctx, metric, period, mean=True)
    pop = ctx.population(metric, period)
    if not pop.facts:
        return no_data(ctx, metric, period)
    if len(pop.facts) == 1:
        return _only_one(ctx, pop.facts[0], period)
    mean = pop.total / len(pop.facts)
    unit = ctx.view.metrics[metric].unit
    fields = {
        "label": Label(metric),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "value": Amount(mean, unit, pop.approximate or mean != mean.to_integral_value()),
        "count": len(pop.facts),
        "noun": Noun(),
    }
    return Part(
        answered=True,
        blocks=[Block("average", fields)],
        facts=list(pop.facts[:MAX_FIGURES]),
        period=period,
    )


def count(ctx: Ctx, metric: str) -> Part:
    """How many have a figure (above or below a bar, if the question sets one)."""
    plan = ctx.plan
    period, problem = resolve_period(ctx, metric, plan.relative_to)
    if problem is not None or period is None:
        return problem or Part()
    pop = ctx.population(metric, period)
    if not pop.facts:
        return no_data(ctx, metric, period)  # not "0 with more than ...": nothing to count
    facts = pop.facts
    fields: dict[str, object] = {
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "noun": Noun(),
    }
    template, basis = "count", []
    if plan.barred:
        passed = past(ctx, metric, period)
        if isinstance(passed, Part):
            return passed
        found_bar, facts = passed
        fields["bar"] = found_bar.phrase
        template, basis = "count_filtered", found_bar.anchors
        if not facts:
            # "none with more than 200,000": an answer resting on the figures compared
            cited = found_bar.basis(pop.facts[:MAX_FIGURES])
            return Part(answered=True, blocks=[Block("count_filtered_none", fields)],
                        facts=cited, period=period)  # fmt: skip
    fields["count"] = len(facts)
    fields["names"] = Names(tuple(f.entity for f in facts[:MAX_NAMES]), len(facts))
    if len(facts) == 1:
        # "1 companies": one is said without the plural noun; "1 of 6 companies" keeps it
        fields["total_count"] = len(pop.facts)
        alone = len(pop.facts) == 1  # "1 of 1 companies": the only figure, past the bar
        filtered = "count_filtered_only" if alone else "count_filtered_one"
        template = filtered if template == "count_filtered" else "count_one"
    cited = [*facts[:MAX_FIGURES], *basis]
    return Part(answered=True, blocks=[Block(template, fields)], facts=cited, period=period)


def need_entity(ctx: Ctx, metric: str, period: str) -> Part:
    """ "Which one do you mean?", naming the first few of the ranking."""
    names = tuple(f.entity for f in ctx.view.ranking(metric, period)[:10])
    return Part(blocks=[Block("need_entity", {"names": Names(names)})])


__all__ = ["Statement", "average", "count", "need_entity", "top_fields", "total"]
