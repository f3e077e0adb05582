"""Answers computed from several figures: totals, averages, counts, shares."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.fields import (
    Amount,
    Block,
    Label,
    Names,
    Noun,
    Percent,
    PeriodText,
    Statement,
    Value,
    Word,
)
from knowledge.intents import (
    MAX_PERIODS,
    Ctx,
    Part,
    amount_of,
    each_period,
    facts_of,
    joined,
    no_data,
    resolve_period,
    whole_fields,
    with_notes,
)
from knowledge.model import Fact, Period
from knowledge.named import asks_named, named_average, named_total
from knowledge.outside_top import amount_outside_top, share_outside_top
from knowledge.population import Population, left_out_facts, top_facts, whole
from knowledge.render import MAX_NAMES
from knowledge.thresholds import nobody_past, past, some_past, top_of

if TYPE_CHECKING:
    from knowledge.plan import Plan

MAX_FIGURES = 50  # a sum over many facts lists only the largest among its figures
MAX_EACH = 10  # "each company's share" gives the first ten listed


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
        return amount_outside_top(ctx, metric, period, chosen, _top_fields(ctx, chosen), mean=mean)
    fields: dict[str, object] = {
        "label": Label(metric),
        "period": PeriodText(period),
        "scope": ctx.scope,
        **_top_fields(ctx, chosen),
        "value": amount_of(ctx, metric, chosen, mean=mean),
    }
    template = "average_top" if mean else "total_top"
    blocks = [Block(template, fields)]
    return Part(answered=True, blocks=blocks, facts=list(chosen[:MAX_FIGURES]), period=period)


def _top_fields(ctx: Ctx, chosen: tuple[Fact, ...]) -> dict[str, object]:
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


def share(ctx: Ctx, metric: str) -> Part:
    """An entity's (or a group's) part of the whole: the stored aggregate, else the sum of all."""
    plan = ctx.plan
    if plan.each and len(plan.entities) != 1 and not plan.groups and plan.top_n is None:
        return _each_share(ctx, metric)  # "each company's share", "and each one's?"
    return _share(ctx, metric)


def _share(ctx: Ctx, metric: str) -> Part:
    plan = ctx.plan
    entity = plan.entities[0] if plan.entities else None
    period, problem = resolve_period(ctx, metric, entity)
    if problem is not None or period is None:
        return problem or Part()
    view = ctx.view
    unit = view.metrics[metric].unit
    if entity is not None:
        # "what share did Amazon and Google account for?": theirs together
        figures = facts_of(ctx, plan.entities, metric, period)
        if isinstance(figures, Part):
            return figures
        facts = figures
        part_value = sum((f.value for f in facts), Decimal(0))
        part_field: object = (
            Value(facts[0])
            if len(facts) == 1
            else Amount(part_value, unit, any(f.approximate for f in facts))
        )
        who: object = Names(tuple(plan.entities))
        if plan.groups:
            # "Google's share among US companies": of the group's figures, not of everyone's
            return _share_in_group(ctx, metric, period, facts, part_field)
    elif plan.top_n is not None and not plan.barred:
        # "what share did the top 3 buy?": theirs together, a tie at the cut kept whole
        ranked = ctx.population(metric, period).facts
        if not ranked:
            return no_data(ctx, metric, period)
        chosen = top_facts(ranked, plan.top_n, lowest=plan.direction == "min")
        if plan.top_out:
            return share_outside_top(ctx, metric, period, chosen, _top_fields(ctx, chosen))
        part_value, facts = sum((f.value for f in chosen), Decimal(0)), list(chosen[:MAX_FIGURES])
        part_field = Amount(part_value, unit, any(f.approximate for f in chosen))
        who = Block("the_top", _top_fields(ctx, chosen))
    elif plan.narrowed or plan.barred:
        # "what share did the others buy?", "the four companies' share": those together
        found_part = _population_part(ctx, metric, period)
        if isinstance(found_part, Part):
            return found_part
        part_value, part_field, facts, who = found_part
    else:
        return need_entity(ctx, metric, period)
    found = whole(view, metric, period)
    if found is None:
        return no_data(ctx, metric, period)
    fields: dict[str, object] = {
        "entity": who,
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "part": part_field,
        "percent": Percent(part_value / found.value),
    }
    named, anchors = whole_fields(ctx, found, metric)
    fields.update(named)
    template = "share" if found.aggregate is not None else "share_of_sum"
    return Part(
        answered=True, blocks=[Block(template, fields)], facts=[*facts, *anchors], period=period
    )


def _each_share(ctx: Ctx, metric: str) -> Part:
    """Each one's share: of those named, else of the first few listed."""
    entities = list(ctx.plan.entities)
    if not entities:
        period, problem = resolve_period(ctx, metric)
        if problem is not None or period is None:
            return problem or Part()
        entities = [f.entity for f in ctx.population(metric, period).facts[:MAX_EACH]]
    one = (
        Ctx(ctx.view, replace(ctx.plan, entities=[e], each=False), ctx.language) for e in entities
    )
    return joined([share(each, metric) for each in one])


def _population_part(
    ctx: Ctx, metric: str, period: str
) -> tuple[Decimal, object, list[Fact], object] | Part:
    """The part a share is of when it names no one: everyone but those left out, together (the
    stored whole less them when there is one); a group; those listed; those past a bar."""
    plan, view = ctx.plan, ctx.view
    unit = view.metrics[metric].unit
    pop = ctx.population(metric, period)
    who: object = ctx.scope
    if not pop.facts:
        return no_data(ctx, metric, period)
    if plan.barred:
        # "what share did those with more than 200,000 buy?": the part is theirs together
        passed = some_past(ctx, metric, period, cite=MAX_FIGURES)
        if isinstance(passed, Part):
            return passed
        found_bar, chosen = passed
        pop = Population(chosen)
        who = Block("those_with", {"bar": found_bar.phrase, "scope": ctx.scope})
    aggregate = view.aggregate(metric, period)
    only_left_out = plan.excluded and not (plan.groups or plan.barred or plan.listed)
    if aggregate is not None and only_left_out:
        # "everyone but Microsoft's share": the stored whole less those left out
        groups_out = tuple(plan.excluded_groups)
        out = left_out_facts(view, metric, period, tuple(plan.excluded), groups_out)
        value = aggregate.value - sum((f.value for f in out), Decimal(0))
        everyone_but = Block("everyone_but", {"names": Names(tuple(plan.excluded))})
        return value, Amount(value, unit, True), out, everyone_but
    return pop.total, Amount(pop.total, unit, pop.approximate), list(pop.facts[:MAX_FIGURES]), who


def _share_in_group(
    ctx: Ctx, metric: str, period: str, facts: list[Fact], part_field: object
) -> Part:
    """The named entities' part of their group's sum; "not among" when one is not a member."""
    group = ctx.population(metric, period)
    outside = [f.entity for f in facts if group.index_of(f) is None]
    if outside:
        fields = {"entity": Names(tuple(outside)), "scope": ctx.scope}
        return Part(blocks=[Block("share_outside", fields)], period=period)
    part_value = sum((f.value for f in facts), Decimal(0))
    unit = ctx.view.metrics[metric].unit
    fields = {
        "entity": Names(tuple(f.entity for f in facts)),
        "scope": ctx.scope,
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "part": part_field,
        "percent": Percent(part_value / group.total) if group.total > 0 else "—",
        "whole": Amount(group.total, unit, group.approximate),
        "count": len(group.facts),
        "noun": Noun(),
    }
    cited = [*facts, *(f for f in group.facts[:MAX_FIGURES] if f not in facts)]
    return Part(answered=True, blocks=[Block("share_of_group", fields)], facts=cited, period=period)


def need_entity(ctx: Ctx, metric: str, period: str) -> Part:
    """ "Which one do you mean?", naming the first few of the ranking."""
    names = tuple(f.entity for f in ctx.view.ranking(metric, period)[:10])
    return Part(blocks=[Block("need_entity", {"names": Names(names)})])


__all__ = ["Statement", "average", "count", "need_entity", "share", "total"]
