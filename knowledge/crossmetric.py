"""Two metrics side by side: one entity's ("did Microsoft buy more Hopper or MI300 chips?"), or
one figure of each of two entities ("is Google's Hopper number bigger than Meta's MI300 one?")."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import (
    Block,
    Gap,
    Label,
    Labels,
    Names,
    PeriodText,
    Ratio,
    Statement,
    Times,
    Value,
    close_ratio,
)
from knowledge.intents import Ctx, Part, amount_of, margin_verdict, missing_fact, resolve_period
from knowledge.model import Fact, Period
from knowledge.pairing import Pairs


def metrics_compared(ctx: Ctx, facts: list[Fact]) -> Block | None:
    """Which of two figures of one entity is ahead, when they share a unit and a period."""
    if len(facts) > 2:
        return _most_of(ctx, facts)
    if len(facts) != 2:
        return None
    a, b = facts
    metrics = ctx.view.metrics
    unit = metrics[a.metric].unit
    if a.entity != b.entity or a.period != b.period or unit != metrics[b.metric].unit:
        return None  # chips against dollars, or two years: nothing to compare
    fields: dict[str, object] = {"entity": Names((a.entity,)), "period": PeriodText(a.period)}
    if a.value == b.value:
        labels = {"bigger": Label(a.metric, lower=True), "smaller": Label(b.metric, lower=True)}
        return Block("metrics_equal", fields | labels | {"value": Value(a)})
    if ctx.plan.multiple is not None and b.value > 0:
        return _times_verdict(ctx, a, b, ctx.plan.multiple)
    big, small = (a, b) if a.value > b.value else (b, a)
    fields |= {
        "bigger": Label(big.metric, lower=True),
        "smaller": Label(small.metric, lower=True),
        "difference": Gap(big.value - small.value, unit, a.approximate or b.approximate),
        "ratio": Ratio(big.value / small.value) if small.value > 0 else "—",
    }
    return Block("metrics_more", fields)


def _most_of(ctx: Ctx, facts: list[Fact]) -> Block | None:
    """ "Meta's AMD, in-house and Nvidia chips" - "which one is biggest?": the largest of one
    entity's figures in one period and unit, and by how much it leads the next (the smallest,
    and by how much it trails the next, for "which is smallest?")."""
    first = facts[0]
    same = {(f.entity, f.period, ctx.view.metrics[f.metric].unit) for f in facts}
    if len(same) != 1 or ctx.plan.multiple is not None:
        return None
    least = ctx.plan.direction == "min"
    end, second = sorted(facts, key=lambda f: f.value, reverse=not least)[:2]
    if end.value == second.value:
        return None  # a tie at that end: each figure is shown, none leads
    big, small = (second, end) if least else (end, second)
    fields: dict[str, object] = {
        "entity": Names((first.entity,)),
        "period": PeriodText(first.period),
    }
    unit = ctx.view.metrics[first.metric].unit
    fields |= {
        "bigger": Label(big.metric, lower=True),
        "smaller": Label(small.metric, lower=True),
        "difference": Gap(big.value - small.value, unit, big.approximate or small.approximate),
        "ratio": Ratio(big.value / small.value) if small.value > 0 else "—",
    }
    return Block("metrics_least" if least else "metrics_most", fields)


def _times_verdict(ctx: Ctx, a: Fact, b: Fact, multiple: int) -> Block:
    """ "Is Amazon's in-house count more than 5x its Hopper count?": yes or no on the multiple."""
    ratio = a.value / b.value
    yes = ratio < multiple if ctx.plan.direction == "min" else ratio >= multiple
    said: dict[str, object] = {"first": Label(a.metric, lower=True)}
    said["second"] = Label(b.metric, lower=True)
    said |= {"ratio": Ratio(ratio), "factor": Times(Decimal(multiple))}
    return Block("sides_times_yes" if yes else "sides_times_no", said)


def metrics_summed(ctx: Ctx, facts: list[Fact]) -> Block | None:
    """ "How many GPUs did Meta buy in total, Nvidia and AMD together?": one entity's figures on
    several metrics in one unit and one period, added up and said to be different measures."""
    metrics = ctx.view.metrics
    if len(ctx.plan.entities) != 1 or len(facts) < 2 or len(facts) != len(ctx.plan.metrics):
        return None
    if len({(f.entity, f.period, metrics[f.metric].unit) for f in facts}) != 1:
        return None
    fields = {
        # one unit: the sum is said in the first metric's, as any sum of its figures is
        "total": amount_of(ctx, facts[0].metric, facts, mean=False),
        "labels": Labels(tuple(f.metric for f in facts), lower=True),
    }
    return Block("metrics_sum", fields)


def pairs_compared(ctx: Ctx, pairs: Pairs) -> Part:
    """Each entity's figure on its own metric, then which is larger: said as two different
    measures; figures in two units are shown but not ranked."""
    period = _shared_period(ctx, pairs)
    if isinstance(period, Part):
        return period
    facts: list[Fact] = []
    for entity, metric in (pairs.first, pairs.second):
        fact = ctx.view.fact(entity, metric, period)
        if fact is None:
            return missing_fact(ctx, entity, metric, period)
        facts.append(fact)
    a, b = facts
    said: dict[str, object] = {"first": Statement(a), "second": Statement(b)}
    blocks = [Block("comparison_pair", said), _pair_verdict(ctx, a, b, pairs.asked)]
    return Part(answered=True, blocks=blocks, facts=facts, period=period)


def _shared_period(ctx: Ctx, pairs: Pairs) -> str | Part:
    """The period asked, else the latest one with both figures, else the first one's."""
    view = ctx.view
    if not ctx.plan.periods:
        first, second = pairs.first, pairs.second
        codes = set(view.periods.get(first[1], ())) | set(view.periods.get(second[1], ()))
        for code in sorted(codes, key=lambda c: Period.sort_key(Period.parse(c)), reverse=True):
            if view.fact(*first, code) and view.fact(*second, code):
                return code
    period, problem = resolve_period(ctx, pairs.first[1], pairs.first[0])
    if problem is not None or period is None:
        return problem or Part()
    return period


def _pair_verdict(ctx: Ctx, a: Fact, b: Fact, asked: str | None) -> Block:
    """Which of two figures on different metrics is larger; no ranking across two units."""
    metrics = ctx.view.metrics
    unit = metrics[a.metric].unit
    fields: dict[str, object] = {
        "first": Names((a.entity,)),
        "first_label": Label(a.metric, lower=True),
        "second": Names((b.entity,)),
        "second_label": Label(b.metric, lower=True),
    }
    if unit != metrics[b.metric].unit:
        return Block("pair_units", fields)  # chips against dollars: no verdict at all
    if a.value == b.value:
        return Block("pair_equal", fields | {"value": Value(a)})
    if ctx.plan.multiple is not None and b.value > 0:
        return _times_verdict(ctx, a, b, ctx.plan.multiple)
    big, small = (a, b) if a.value > b.value else (b, a)
    fields |= {
        "bigger": Names((big.entity,)),
        "bigger_label": Label(big.metric, lower=True),
        "smaller": Names((small.entity,)),
        "smaller_label": Label(small.metric, lower=True),
        "difference": Gap(big.value - small.value, unit, a.approximate or b.approximate),
        "ratio": close_ratio(big.value, small.value),
    }
    if asked is None:
        return Block("pair_more", fields)
    plan = ctx.plan
    if plan.margin is not None:
        # "… bigger than Google's Hopper number by over 5%?": ahead by that much, not just ahead
        said = fields | {
            "bigger": Block(
                "pair_side", {"entity": fields["bigger"], "label": fields["bigger_label"]}
            ),
            "smaller": Block(
                "pair_side", {"entity": fields["smaller"], "label": fields["smaller_label"]}
            ),
        }
        percent = plan.margin_percent
        return margin_verdict(plan.margin, a.value, b.value, said, unit, percent=percent)
    holds = (big is a) == (asked == "more")
    return Block("pair_yes" if holds else "pair_no", fields)
