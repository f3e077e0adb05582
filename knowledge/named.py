"""Totals and averages of named entities: several entities in one period, or one over time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from knowledge.fields import Block, Label, Names, Periods, PeriodText, Statement
from knowledge.intents import (
    Ctx,
    Part,
    amount_of,
    common_period,
    facts_of,
    figure,
    missing_fact,
    resolve_period,
    with_notes,
)
from knowledge.model import Fact, Period

_SAME_KIND_FIRST = ("year", "half", "quarter", "month")  # sums never mix overlapping periods


def asks_named(ctx: Ctx) -> bool:
    """Whether a total or an average is about the entities named, not about everyone."""
    view = ctx.view
    named = [e for e in ctx.plan.entities if e in view.entities]
    # the whole market named alone ("the whole server market's spending") is the stored total
    return bool(named) and not all(view.entities[e].aggregate for e in named)


def named_total(ctx: Ctx, metric: str) -> Part:
    """ "ByteDance and Tencent together", or "Microsoft in total": a sum of named figures."""
    return _named(ctx, metric, mean=False)


def named_average(ctx: Ctx, metric: str) -> Part:
    """ "the average of Microsoft and Meta", or "Microsoft's average": a mean of named figures."""
    return _named(ctx, metric, mean=True)


def _named(ctx: Ctx, metric: str, *, mean: bool) -> Part:
    """The named entities' sum or mean: across them, or one entity's over time."""

    def answer(parts: Ctx, metric: str) -> Part:
        several = len(parts.plan.entities) > 1
        return (_across_entities if several else _over_time)(parts, metric, mean=mean)

    return beside_wholes(ctx, metric, answer)


def beside_wholes(
    ctx: Ctx, metric: str, answer: Callable[[Ctx, str], Part], *, in_period: bool = False
) -> Part:
    """Answer about the named parts only; a whole named with them ("Microsoft and the whole
    market") is shown beside the answer, never counted in: in the periods of the answer's figures,
    or (`in_period`) in the answer's period."""
    view = ctx.view
    wholes = [e for e in ctx.plan.entities if e in view.entities and view.entities[e].aggregate]
    if not wholes:
        return answer(ctx, metric)
    parts = [e for e in ctx.plan.entities if e not in wholes]
    part = answer(Ctx(view, replace(ctx.plan, entities=parts), ctx.language), metric)
    if in_period:
        periods = [part.period] if part.period else []
    else:
        periods = list(dict.fromkeys(f.period for f in part.facts))
    for entity in wholes:
        for code in periods:
            fact = view.fact(entity, metric, code)
            if fact is not None:
                part.blocks.append(Block("figure", {"statement": Statement(fact)}))
                part.facts.append(fact)
    return part


def _across_entities(ctx: Ctx, metric: str, *, mean: bool) -> Part:
    """The named entities' figures in the period (or each of the periods) asked, together."""
    if len(ctx.plan.periods) >= 2:
        codes = [p.code for p in sorted(ctx.plan.periods, key=Period.sort_key)]
    else:
        # no period named: the latest one every named entity has ("Oracle and CoreWeave": 2023)
        shared = common_period(ctx, metric, ctx.plan.entities)
        period, problem = (shared, None) if shared else resolve_period(ctx, metric)
        if problem is not None or period is None:
            return problem or Part()
        codes = [period]
    found: list[Fact] = []
    for code in codes:
        in_period = facts_of(ctx, ctx.plan.entities, metric, code)
        if isinstance(in_period, Part):
            return in_period
        found.extend(in_period)
    fields = {
        "label": Label(metric),
        "period": PeriodText(codes[0]),
        "periods": Periods(tuple(codes)),
        "names": Names(tuple(ctx.plan.entities)),
        "value": amount_of(ctx, metric, found, mean=mean),
        "count": len(found),
    }
    template = "average_named" if mean else "total_named"
    if len(codes) > 1:
        template += "_periods"  # "Microsoft and Meta over 2023, 2024: 1,009,000 in total"
    period = codes[-1]
    part = Part(answered=True, blocks=[Block(template, fields)], facts=found, period=period)
    part.blocks.extend(Block("figure", {"statement": Statement(f)}) for f in found)
    # what the figures cover ("H100 only" one year): each note once, as they are added up
    notes = dict.fromkeys(note for f in found if (note := f.note.get(ctx.language)))
    part.blocks.extend(Block("note", {"note": note}) for note in notes)
    return part


def _over_time(ctx: Ctx, metric: str, *, mean: bool) -> Part:
    """One entity's figures over the periods asked, else over every period of one kind."""
    entity = ctx.plan.entities[0]
    history = [f for f in ctx.view.by_entity.get(entity, ()) if f.metric == metric]
    asked = [p.code for p in ctx.plan.periods]
    if len(asked) == 1:
        return figure(ctx, metric)  # a total or a mean of one figure is that figure
    if asked:
        by_period = {f.period: f for f in history}
        missing = [code for code in asked if code not in by_period]
        if missing:
            return missing_fact(ctx, entity, metric, missing[0])
        found = [by_period[code] for code in asked]
    else:
        found = _one_kind(history)
    if len(found) < 2:
        return figure(ctx, metric)
    found.sort(key=lambda f: Period.parse(f.period).start_month)
    found.sort(key=lambda f: Period.parse(f.period).year)
    fields = {
        "entity": Names((entity,)),
        "label_lower": Label(metric, lower=True),
        "periods": Periods(tuple(f.period for f in found)),
        "value": amount_of(ctx, metric, found, mean=mean),
        "count": len(found),
    }
    template = "average_periods" if mean else "total_periods"
    part = Part(answered=True, blocks=[Block(template, fields)], facts=found)
    part.period = found[-1].period  # a follow-up goes on from the latest
    for fact in found:
        part.blocks.extend(with_notes(ctx, fact))  # "H100 only" in one year: said by its figure
    return part


def _one_kind(history: list[Fact]) -> list[Fact]:
    """The figures of one kind of period (years first): a year and its quarters never add up."""
    kinds: Counter[str] = Counter(Period.parse(f.period).kind for f in history)
    for kind in _SAME_KIND_FIRST:
        if kinds[kind] >= 2:
            return [f for f in history if Period.parse(f.period).kind == kind]
    return history[:1]
