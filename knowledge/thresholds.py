"""Threshold questions: who is above or below a number, another's figure or a part of the whole."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from knowledge.bars import Bar, bar, part_of, times_said
from knowledge.fields import (
    Amount,
    Block,
    Label,
    Names,
    Noun,
    Percent,
    PeriodText,
    Value,
    Word,
)
from knowledge.intents import (
    MAX_LINES,
    Ctx,
    Part,
    common_period,
    facts_of,
    missing_fact,
    no_data,
    resolve_period,
    reverse_lookup,
    with_notes,
)
from knowledge.model import Fact
from knowledge.population import top_facts, whole


def threshold(ctx: Ctx, metric: str) -> Part:
    """Everyone above (or below) a number, another entity's figure, or a part of the whole."""
    plan = ctx.plan
    named = plan.relative_to or (plan.entities[0] if plan.entities else None)
    # "did Tesla buy a tenth of what Microsoft bought?": the latest period both have (2023)
    both = [plan.entities[0], plan.relative_to] if plan.entities and plan.relative_to else []
    shared = common_period(ctx, metric, both) if both else None
    period, problem = (shared, None) if shared else resolve_period(ctx, metric, named)
    if problem is not None or period is None:
        return problem or Part()
    passed = past(ctx, metric, period)
    if isinstance(passed, Part):
        return passed
    found_bar, found = passed
    if plan.together:
        return _together(ctx, metric, period, found_bar)
    if plan.entities:
        return _verdicts(ctx, metric, period, found_bar)
    found_bar, found = top_of(ctx, found_bar, found)
    if not ctx.population(metric, period).facts:
        return no_data(ctx, metric, period)  # "nobody has more than ..." would be no answer
    if not found:
        nobody = nobody_past(ctx, metric, period, found_bar, cite=MAX_LINES)
        if found_bar.op == "eq":
            _add_closest(ctx, metric, period, found_bar, nobody)  # "as many as Meta": the nearest
        return nobody
    head = {
        "bar": found_bar.phrase,
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "count": len(found),
        "noun": Noun(),
        "noun_one": Noun(one=True),
    }
    part = Part(answered=True, blocks=[Block("threshold_head", head)], period=period)
    for fact in found[:MAX_LINES]:
        part.blocks.append(
            Block(
                "threshold_line",
                {"entity": Names((fact.entity,)), "value": Value(fact, bold=False)},
            )
        )
        part.facts.append(fact)
    part.facts.extend(found_bar.anchors)  # the figures the bar was taken from are shown: cited
    if len(found) > MAX_LINES:
        part.blocks.append(Block("ranking_more", {"count": len(found) - MAX_LINES}))
    return part


def _add_closest(ctx: Ctx, metric: str, period: str, found_bar: Bar, part: Part) -> None:
    """ "Closest: ByteDance with 230,000": when nobody has exactly the bar's figure."""
    compared = ctx.population(metric, period)
    closest = compared.closest(found_bar.value, skip=ctx.plan.relative_to)
    if closest is not None:
        skip = ctx.plan.relative_to
        tied = [f for f in compared.equal(closest.value) if f.entity != skip][:MAX_LINES]
        names = Names(tuple(f.entity for f in tied))
        part.blocks.append(Block("threshold_closest", {"entity": names, "value": Value(closest)}))
        part.facts[:0] = tied


def past(ctx: Ctx, metric: str, period: str) -> tuple[Bar, tuple[Fact, ...]] | Part:
    """The question's bar and the scope's figures past it; or the answer saying it has none."""
    found_bar = bar(ctx, metric, period)
    if isinstance(found_bar, Part):
        return found_bar
    compared = ctx.population(metric, period)
    upper = ctx.plan.upper if found_bar.upper is None else found_bar.upper
    found = compared.select(found_bar.op, found_bar.value, upper)
    if ctx.plan.relative_to is not None:
        # "who bought at least half as many as Microsoft?" is about the others
        found = tuple(fact for fact in found if fact.entity != ctx.plan.relative_to)
    return found_bar, found


def top_of(ctx: Ctx, found_bar: Bar, found: tuple[Fact, ...]) -> tuple[Bar, tuple[Fact, ...]]:
    """ "the top 3 with more than 100,000": the N highest (or lowest) past the bar, ties whole."""
    wanted = ctx.plan.top_n
    if wanted is None or wanted <= 0 or wanted >= len(found):
        return found_bar, found
    lowest = ctx.plan.direction == "min"
    chosen = top_facts(found, wanted, lowest=lowest)
    if len(chosen) == len(found):
        return found_bar, found  # a tie at the cut took everyone
    fields: dict[str, object] = {
        "bar": found_bar.phrase,
        "which": Word("top_min" if lowest else "top_max"),
        "count": len(chosen),
        "asked": wanted,
        "all": len(found),
    }
    said = "bar_top" if len(chosen) == wanted else "bar_top_tie"  # a tie at the cut is kept whole
    return replace(found_bar, phrase=Block(said, fields)), chosen


def some_past(
    ctx: Ctx, metric: str, period: str, *, cite: int
) -> tuple[Bar, tuple[Fact, ...]] | Part:
    """The bar and the figures past it, when there are some; else the answer saying nobody is."""
    passed = past(ctx, metric, period)
    if isinstance(passed, Part) or passed[1]:
        return passed
    return nobody_past(ctx, metric, period, passed[0], cite=cite)


def nobody_past(ctx: Ctx, metric: str, period: str, found_bar: Bar, *, cite: int) -> Part:
    """ "Nobody has more than 600,000": said, resting on (the first `cite` of) those compared."""
    fields: dict[str, object] = {
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "bar": found_bar.phrase,
    }
    basis = found_bar.basis(ctx.population(metric, period).facts[:cite])
    return Part(answered=True, blocks=[Block("threshold_none", fields)], facts=basis, period=period)


def _together(ctx: Ctx, metric: str, period: str, found_bar: Bar) -> Part:
    """ "Did Microsoft and Meta buy more than half?": their sum against the bar, yes or no."""
    plan = ctx.plan
    who: object
    if plan.entities:
        found = facts_of(ctx, plan.entities, metric, period)
        if isinstance(found, Part):
            return found
        facts, who = list(found), Names(tuple(plan.entities))
    else:
        whole = _whole_asked(ctx, metric, period)
        if whole is not None:
            return whole_against(ctx, whole, found_bar)  # "does total spending exceed …?"
        facts, who = list(ctx.population(metric, period).facts), ctx.scope
        if not facts:
            return no_data(ctx, metric, period)
    total = sum((f.value for f in facts), Decimal(0))
    passes = found_bar.passes(total, plan.upper)
    unit = ctx.view.metrics[metric].unit
    fields: dict[str, object] = {
        "bar": found_bar.phrase,
        "who": who,
        "value": Amount(total, unit, any(f.approximate for f in facts)),
        "count": len(facts),
        "noun": Noun(),
    }
    said = "together_yes" if passes else "together_no"
    if plan.fraction and found_bar.value:
        fields["percent"] = Percent(total / (found_bar.value / plan.fraction))  # of the whole
    else:
        said += "_sum"  # "more than 700,000 between them": no part of a whole to give
    cited = [*facts[:MAX_LINES], *found_bar.anchors]
    return Part(answered=True, blocks=[Block(said, fields)], facts=cited, period=period)


def _verdicts(ctx: Ctx, metric: str, period: str, found_bar: Bar) -> Part:
    """ "did Meta buy more than 200,000?": yes or no for each entity named, with its figure."""
    part = Part(answered=True, period=period)
    for entity in ctx.plan.entities:
        fact = ctx.view.fact(entity, metric, period)
        if fact is None:
            return missing_fact(ctx, entity, metric, period)
        passes = found_bar.passes(fact.value, ctx.plan.upper)
        blocks = with_notes(ctx, fact, "threshold_yes" if passes else "threshold_no")
        blocks[0].fields["bar"] = found_bar.phrase
        part.blocks.extend(blocks)
        if ctx.plan.factor is not None and found_bar.anchors:
            part.blocks.append(times_said(fact, found_bar.anchors[0], ctx.plan.factor))
        part.facts.append(fact)
    part.facts.extend(found_bar.anchors)  # the stored whole the bar was taken from
    return part


def _whole_asked(ctx: Ctx, metric: str, period: str) -> Fact | None:
    """The stored whole a total of everyone means ("total server spending": the market), when
    nothing narrows it: the same rule as a total's (`Plan.narrowed`)."""
    return None if ctx.plan.narrowed else ctx.view.aggregate(metric, period)


def whole_against(ctx: Ctx, whole: Fact, found_bar: Bar) -> Part:
    """The stored whole against the bar: yes or no, with the whole's figure."""
    fields = {"bar": found_bar.phrase, "who": Names((whole.entity,)), "value": Value(whole)}
    said = "whole_yes" if found_bar.passes(whole.value) else "whole_no"
    cited = [whole, *found_bar.anchors]
    return Part(answered=True, blocks=[Block(said, fields)], facts=cited, period=whole.period)


def reverse(ctx: Ctx, metric: str) -> Part:
    """Who has exactly a value; for a part of the whole ("who bought a quarter?"), the closest."""
    fraction = ctx.plan.fraction
    if fraction is None:
        return reverse_lookup(ctx, metric)
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    found = whole(ctx.view, metric, period)
    compared = ctx.population(metric, period)
    if found is None or not compared.facts:
        return no_data(ctx, metric, period)
    said, anchors = part_of(ctx, metric, found, fraction)
    closest = compared.closest(fraction * found.value)
    if closest is None:
        return no_data(ctx, metric, period)
    fields = {
        "number": said,
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(period),
        "entity": Names((closest.entity,)),
        "value": Value(closest),
        "share": Percent(closest.value / found.value),
    }
    blocks = [Block("reverse_part", fields)]
    return Part(answered=True, blocks=blocks, facts=[closest, *anchors], period=period)
