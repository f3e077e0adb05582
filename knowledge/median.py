"""The median of the figures in a scope (or of those past a bar, or of the entities named)."""

from __future__ import annotations

import statistics

from knowledge.fields import Amount, Block, Label, Names, Noun, PeriodText, Word
from knowledge.intents import Ctx, Part, facts_of, figure, no_data, resolve_period
from knowledge.model import Fact
from knowledge.named import beside_wholes
from knowledge.population import top_facts
from knowledge.render import MAX_NAMES
from knowledge.thresholds import some_past

MAX_FIGURES = 50

Figures = tuple[list[Fact], str, dict[str, object]]  # the figures, the template, its own fields


def median(ctx: Ctx, metric: str) -> Part:
    """The middle figure (the mean of the two middle ones for an even count), cited first."""
    # a whole named beside its parts ("Microsoft and the whole market") is shown, not a figure of
    # the median; one part left is its own median
    if not any(ctx.view.entities[e].aggregate for e in ctx.plan.entities if e in ctx.view.entities):
        return _median(ctx, metric)
    return beside_wholes(ctx, metric, _median_or_figure, in_period=True)


def _median_or_figure(ctx: Ctx, metric: str) -> Part:
    return figure(ctx, metric) if len(ctx.plan.entities) == 1 else _median(ctx, metric)


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
        found = facts_of(ctx, named, metric, period)
        if isinstance(found, Part):
            return found
        return found, "median_named", {"names": Names(tuple(named))}
    pop = ctx.population(metric, period)
    if not pop.facts:
        return no_data(ctx, metric, period)
    if plan.top_n is not None and not plan.barred:
        return _top_figures(ctx, pop.facts)
    if not plan.barred:
        return list(pop.facts), "median", {}
    passed = some_past(ctx, metric, period, cite=MAX_FIGURES)
    if isinstance(passed, Part):
        return passed
    found_bar, found_past = passed
    return list(found_past), "median_barred", {"bar": found_bar.phrase}


def _top_figures(ctx: Ctx, facts: tuple[Fact, ...]) -> Figures:
    """ "the median of the top 3": of the N highest (or lowest), a tie at the cut kept whole; or,
    "outside the top 3", of everyone else."""
    lowest = ctx.plan.direction == "min"
    chosen = top_facts(facts, ctx.plan.top_n or 1, lowest=lowest)
    said = {
        "count": len(chosen),
        "which": Word("top_min" if lowest else "top_max"),
        "names": Names(tuple(f.entity for f in chosen[:MAX_NAMES]), len(chosen)),
    }
    if ctx.plan.top_out:
        rest = [f for f in facts if f not in chosen]
        return rest or list(facts), "median_outside_top" if rest else "median", said
    return list(chosen), "median_top", said
