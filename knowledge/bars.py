"""The bar a threshold question sets: a number, another's figure (or a multiple of it), a
group's sum, two bars at once, the average or median, or a part of the whole; and how it is
said."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
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
    missing_fact,
    no_data,
    threshold_number,
    whole_fields,
)
from knowledge.model import Fact
from knowledge.population import Whole, holds, population, whole


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


def times_said(fact: Fact, anchor: Fact, factor: Decimal) -> Block:
    """ "That is 2.2 times Meta's figure.": the multiple the verdict rests on."""
    if anchor.value <= 0:
        return Block("times_none", {"entity": Names((anchor.entity,))})
    if fact.value == anchor.value:
        return Block("comparison_equal", {"value": Value(fact)})  # "level", never "1.0×"
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
    said, anchors = part_of(ctx, metric, found, fraction)
    phrase = Block("bar_part", {"op": Word(f"op_{op}"), "part": said})
    return Bar(op, fraction * found.value, phrase, anchors)


def part_of(ctx: Ctx, metric: str, found: Whole, fraction: Decimal) -> tuple[Block, list[Fact]]:
    """ "25% of the total (the whole world: 7,400,000)", and the stored whole it rests on."""
    named, anchors = whole_fields(ctx, found, metric)
    said = "part_of" if found.aggregate is not None else "part_of_sum"
    return Block(said, {"percent": Percent(fraction)} | named), anchors
