"""Threshold questions: who is above or below a number, another's figure or a part of the whole."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from decimal import Decimal

from knowledge.bounds import Bound, combined_op
from knowledge.fields import (
    Amount,
    Block,
    Label,
    Names,
    Noun,
    Percent,
    PeriodText,
    Ratio,
    Scope,
    Times,
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
    threshold_number,
    whole_fields,
    with_notes,
)
from knowledge.model import Fact
from knowledge.population import Whole, holds, population, top_facts, whole


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
            part.blocks.append(_times_said(fact, found_bar.anchors[0], ctx.plan.factor))
        part.facts.append(fact)
    part.facts.extend(found_bar.anchors)  # the stored whole the bar was taken from
    return part


@dataclass(slots=True)
class Bar:
    """What a threshold or a count compares to, and how an answer says it."""

    op: str
    value: Decimal
    phrase: Block  # "more than 200,000", "more than Meta (224,000)", "more than 25% of ..."
    anchors: list[Fact] = field(default_factory=list)  # figures the bar itself rests on
    # "nobody has more than 200,000": the figures compared are what the answer rests on
    cite_compared: bool = True
    upper: Decimal | None = None  # "… but less than Chinese companies": the upper end, found

    def basis(self, compared: tuple[Fact, ...]) -> list[Fact]:
        """What an answer finding nobody rests on: the bar's figures, and those compared."""
        # "nobody has more than Meta" rests on Meta's figure; "nobody has more than half" or
        # "more than 200,000" on the figures compared (and the whole the bar was taken from)
        return self.anchors + (list(compared) if self.cite_compared else [])

    def passes(self, value: Decimal, upper: Decimal | None = None) -> bool:
        """Whether one figure (or a sum) is past this bar."""
        return holds(self.op, value, self.value, upper if self.upper is None else self.upper)


# how a bar taken from another's figure is said, by comparison
_RELATIVE = {
    "gt": "bar_relative",
    "lt": "bar_relative_less",
    "ge": "bar_relative_ge",
    "le": "bar_relative_le",
    "eq": "bar_relative_eq",
}


def bar(ctx: Ctx, metric: str, period: str) -> Bar | Part:
    """The bar the question sets for a metric and period, or the answer saying it has none."""
    plan = ctx.plan
    op = plan.threshold[0] if plan.threshold else ("lt" if plan.direction == "min" else "gt")
    if plan.bounds is not None:
        return _both_bars(ctx, metric, period, plan.bounds)
    if plan.relative_to is not None:
        anchor = ctx.view.fact(plan.relative_to, metric, period)
        if anchor is None:
            return missing_fact(ctx, plan.relative_to, metric, period)
        if plan.factor is not None and plan.factor != 1:
            return _times_bar(ctx, anchor, op, plan.factor)
        return _relative_bar(anchor, op)
    if plan.fraction is not None:
        return _part_bar(ctx, metric, period, op, plan.fraction)
    if plan.mean_bar:
        return _mean_bar(ctx, metric, period, op)
    value = plan.threshold[1] if plan.threshold else plan.value or Decimal(0)
    fields = {"op": Word(f"op_{op}"), "number": threshold_number(ctx, metric)}
    return Bar(op, value, Block("bar_number", fields))


def _relative_bar(anchor: Fact, op: str) -> Bar:
    """ "more than Meta (224,000)": another's figure."""
    fields: dict[str, object] = {"entity": Names((anchor.entity,)), "number": Value(anchor)}
    said = Block(_RELATIVE.get(op, "bar_relative"), fields)
    return Bar(op, anchor.value, said, [anchor], cite_compared=False)


def _both_bars(ctx: Ctx, metric: str, period: str, bounds: tuple[Bound, Bound]) -> Bar | Part:
    """ "more than Amazon (196,000) and less than Chinese companies together (460,000)"."""
    low, high = (_one_bar(ctx, metric, period, bound) for bound in bounds)
    if isinstance(low, Part) or isinstance(high, Part):
        return low if isinstance(low, Part) else high
    phrase = Block("bar_both", {"low": low.phrase, "high": high.phrase})
    op = combined_op(*bounds)
    anchors = [*low.anchors, *high.anchors]
    return Bar(op, low.value, phrase, anchors, cite_compared=False, upper=high.value)


def _one_bar(ctx: Ctx, metric: str, period: str, bound: Bound) -> Bar | Part:
    """One of two bars: a number, another's figure, or a group's sum."""
    if bound.kind == "entity":
        anchor = ctx.view.fact(bound.key, metric, period)
        if anchor is None:
            return missing_fact(ctx, bound.key, metric, period)
        return _relative_bar(anchor, bound.op)
    unit = ctx.view.metrics[metric].unit
    if bound.kind == "number":
        fields = {"op": Word(f"op_{bound.op}"), "number": Amount(Decimal(bound.key), unit)}
        return Bar(bound.op, Decimal(bound.key), Block("bar_number", fields))
    members = population(ctx.view, metric, period, (bound.key,))
    if not members.facts:
        fields = {"label_lower": Label(metric, lower=True), "period": PeriodText(period)}
        return Part(blocks=[Block("no_data", fields | {"scope": Scope((bound.key,))})])
    total = Amount(members.total, unit, members.approximate)
    fields = {"group": Scope((bound.key,)), "number": total}
    anchors = list(members.facts[:MAX_LINES])
    return Bar(bound.op, members.total, Block(f"bar_group_{bound.op}", fields), anchors)


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


def _times_bar(ctx: Ctx, anchor: Fact, op: str, factor: Decimal) -> Bar:
    """ "at least 2 times Meta (224,000 × 2 = 448,000)": a multiple of another's figure."""
    # a third of 150,000 is 50,000, not 49,999.99…: parts are said to a millionth at most
    value = (anchor.value * factor).quantize(Decimal("0.000001")).normalize()
    unit = ctx.view.metrics[anchor.metric].unit
    fields: dict[str, object] = {
        "op": Word(f"op_{op}"),
        "factor": Times(factor),
        "entity": Names((anchor.entity,)),
        "number": Value(anchor, bold=False),
        "value": Amount(value, unit, anchor.approximate),
    }
    return Bar(op, value, Block("bar_times", fields), [anchor], cite_compared=False)


def _times_said(fact: Fact, anchor: Fact, factor: Decimal) -> Block:
    """ "That is 2.2 times Meta's figure.": the multiple the verdict rests on."""
    if anchor.value <= 0:
        return Block("times_none", {"entity": Names((anchor.entity,))})
    ratio = fact.value / anchor.value
    # 1.19 against a bar of 1.2 times: one decimal would show the bar itself next to a "no"
    near = abs(ratio - factor) < Decimal("0.05")
    fields = {"ratio": Ratio(ratio, precise=near), "entity": Names((anchor.entity,))}
    return Block("times_actual", fields)


def _mean_bar(ctx: Ctx, metric: str, period: str, op: str) -> Bar | Part:
    """ "more than the average" / "the median": the mean (or median) of the figures compared
    (within the question's scope)."""
    compared = ctx.population(metric, period)
    if not compared.facts:
        return no_data(ctx, metric, period)
    by_median = ctx.plan.mean_bar == "median"
    values = [f.value for f in compared.facts]
    mean = statistics.median(values) if by_median else compared.total / len(values)
    unit = ctx.view.metrics[metric].unit
    exact = mean == mean.to_integral_value()
    fields: dict[str, object] = {
        "number": Amount(mean, unit, compared.approximate or not exact),
        "count": len(compared.facts),
        "noun": Noun(),
    }
    said = ("bar_median" if by_median else "bar_mean") + ("_less" if op in ("lt", "le") else "")
    return Bar(op, mean, Block(said, fields), list(compared.facts[:MAX_LINES]))


def _part_bar(ctx: Ctx, metric: str, period: str, op: str, fraction: Decimal) -> Bar | Part:
    """ "more than half of the chips": the bar is a part of the stored whole, else of the sum."""
    found = whole(ctx.view, metric, period)
    if found is None:
        return no_data(ctx, metric, period)
    said, anchors = _part_of(ctx, metric, found, fraction)
    phrase = Block("bar_part", {"op": Word(f"op_{op}"), "part": said})
    return Bar(op, fraction * found.value, phrase, anchors)


def _part_of(ctx: Ctx, metric: str, found: Whole, fraction: Decimal) -> tuple[Block, list[Fact]]:
    """ "25% of the total (the whole world: 7,400,000)", and the stored whole it rests on."""
    named, anchors = whole_fields(ctx, found, metric)
    said = "part_of" if found.aggregate is not None else "part_of_sum"
    return Block(said, {"percent": Percent(fraction)} | named), anchors


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
    said, anchors = _part_of(ctx, metric, found, fraction)
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
