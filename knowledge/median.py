"""The median of the figures in a scope (or of those past a bar, or of the entities named)."""

from __future__ import annotations

import statistics
from dataclasses import replace

from knowledge.fields import Amount, Block, Label, Names, Noun, PeriodText, Statement
from knowledge.intents import Ctx, Part, figure, missing_fact, no_data, resolve_period
from knowledge.model import Fact
from knowledge.thresholds import bar

MAX_FIGURES = 50

Figures = tuple[list[Fact], str, dict[str, object]]  # the figures, the template, its own fields


def median(ctx: Ctx, metric: str) -> Part:
    """The middle figure (the mean of the two middle ones for an even count), cited first."""
    view = ctx.view
    wholes = [e for e in ctx.plan.entities if e in view.entities and view.entities[e].aggregate]
    if not wholes:
        return _median(ctx, metric)
    # a whole named beside its parts ("Microsoft and the whole market") is shown, not a figure of
    # the median; one part left is its own median
    parts = [e for e in ctx.plan.entities if e not in wholes]
    narrowed = Ctx(view, replace(ctx.plan, entities=parts), ctx.language)
    part = figure(narrowed, metric) if len(parts) == 1 else _median(narrowed, metric)
    for entity in wholes:
        fact = view.fact(entity, metric, part.period) if part.period else None
        if fact is not None:
            part.blocks.append(Block("figure", {"statement": Statement(fact)}))
            part.facts.append(fact)
    return part


def _median(ctx: Ctx, metric: str) -> Part:
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    figures = _figures(ctx, metric, period)
    if isinstance(figures, Part):
        return figures
    facts, template, said = figures
    ordered = sorted(facts, key=lambda f: f.value)
    middle = ordered[(len(ordered) - 1) // 2 : len(ordered) // 2 + 1]
    value = statistics.median(f.value for f in ordered)
    approximate = any(f.approximate for f in middle) or value != value.to_integral_value()
    fields: dict[str, object] = {
        "label": Label(metric),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "value": Amount(value, ctx.view.metrics[metric].unit, approximate),
        "count": len(facts),
        "noun": Noun(),
        **said,
    }
    cited = [*middle, *(f for f in facts if f not in middle)][:MAX_FIGURES]
    return Part(answered=True, blocks=[Block(template, fields)], facts=cited, period=period)


def _figures(ctx: Ctx, metric: str, period: str) -> Figures | Part:
    """The figures the median is taken of: the entities named, else the scope past any bar."""
    plan = ctx.plan
    named = [e for e in plan.entities if e in ctx.view.entities]
    if named:
        found = []
        for entity in named:
            fact = ctx.view.fact(entity, metric, period)
            if fact is None:
                return missing_fact(ctx, entity, metric, period)
            found.append(fact)
        return found, "median_named", {"names": Names(tuple(named))}
    pop = ctx.population(metric, period)
    if not pop.facts:
        return no_data(ctx, metric, period)
    if not plan.barred:
        return list(pop.facts), "median", {}
    found_bar = bar(ctx, metric, period)
    if isinstance(found_bar, Part):
        return found_bar
    past = list(pop.select(found_bar.op, found_bar.value, plan.upper))
    if not past:
        # "nobody has more than 600,000": said, resting on the figures compared
        fields = {
            "label_lower": Label(metric, lower=True),
            "period": PeriodText(period),
            "scope": ctx.scope,
            "bar": found_bar.phrase,
        }
        basis = found_bar.basis(pop.facts[:MAX_FIGURES])
        return Part(answered=True, blocks=[Block("threshold_none", fields)], facts=basis,
                    period=period)  # fmt: skip
    return past, "median_barred", {"bar": found_bar.phrase}
