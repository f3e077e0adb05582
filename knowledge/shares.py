"""Share questions: one's (a group's, the top N's, those past a bar) part of the whole — the
stored whole when there is one, else the sum of all — or each one's share in turn."""

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
    Value,
)
from knowledge.intents import (
    Ctx,
    Part,
    facts_of,
    joined,
    no_data,
    resolve_period,
    whole_fields,
)
from knowledge.model import Fact
from knowledge.outside_top import share_outside_top
from knowledge.population import Population, left_out_facts, top_facts, whole
from knowledge.thresholds import some_past

if TYPE_CHECKING:
    pass
from knowledge.computed import MAX_FIGURES, need_entity, top_fields

MAX_EACH = 10  # "each company's share" gives the first ten listed


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
            return share_outside_top(ctx, metric, period, chosen, top_fields(ctx, chosen))
        part_value, facts = sum((f.value for f in chosen), Decimal(0)), list(chosen[:MAX_FIGURES])
        part_field = Amount(part_value, unit, any(f.approximate for f in chosen))
        who = Block("the_top", top_fields(ctx, chosen))
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
