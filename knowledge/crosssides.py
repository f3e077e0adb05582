"""Two sides compared, each in its own period or on its own measure: one entity's (or a sum's)
figure against another's, the whole market's, or a group's, said with what each side counts."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import Amount, Block, Label, Names, Noun, PeriodText, Scope, Word, close_ratio
from knowledge.intents import Ctx, Part, resolve_period
from knowledge.model import Fact
from knowledge.reading import Side
from knowledge.sides import gap, side_facts
from knowledge.sidespans import CrossSides, SpanSide

MAX_CITED = 50
Total = tuple[object, Decimal, bool]


def cross_compared(ctx: Ctx, cross: CrossSides) -> Part:
    """Each side's figure or sum in its own period and measure, then which is ahead."""
    sides = (cross.first, cross.second)
    fallback = ctx.plan.metrics[0] if len(ctx.plan.metrics) == 1 else None
    metrics = [s.metric or cross.first.metric or cross.second.metric or fallback for s in sides]
    if None in metrics:
        return Part(blocks=[Block("unknown")])  # no measure said, and none to assume
    part = Part(answered=True)
    totals: list[Total] = []
    for side, metric, rival in zip(sides, metrics, reversed(sides), strict=True):
        assert metric is not None
        period, problem = _period(ctx, side, metric)
        if problem is not None or period is None:
            return problem or Part()
        found = _facts(ctx, side, metric, period, rival if side.rest else None)
        if isinstance(found, Part):
            return found
        totals.append(_line(ctx, part, side, found, metric, period))
    units = {ctx.view.metrics[m].unit for m in metrics if m is not None}
    if len(units) > 1:
        part.blocks.append(Block("cross_units", {}))  # chips against dollars: no verdict
        return part
    part.blocks.append(_verdict(cross, totals, units.pop()))
    if metrics[0] != metrics[1]:
        part.blocks.append(Block("cross_measures", {}))
    return part


def _period(ctx: Ctx, side: SpanSide, metric: str) -> tuple[str | None, Part | None]:
    """The side's own period, else the one period asked, else the latest with figures."""
    said = side.period
    if said is None and len(ctx.plan.periods) == 1:
        said = ctx.plan.periods[0]
    if said is None:
        return resolve_period(ctx, metric, side.entities[0] if side.entities else None)
    if said.code in ctx.view.periods.get(metric, ()):
        return said.code, None
    fields = {"label_lower": Label(metric, lower=True), "period": PeriodText(said.code)}
    return None, Part(blocks=[Block("no_period_data", fields)])


def _facts(
    ctx: Ctx, side: SpanSide, metric: str, period: str, rival: SpanSide | None
) -> list[Fact] | Part:
    """The figures a side adds up: its entities', its groups' or everyone's, each once; "the
    rest" leaves out the `rival` side's entities and groups."""
    whole = ctx.view.aggregate(metric, period) if side.whole else None
    if whole is not None:
        return [whole]  # a stored whole: the market's own figure, not a sum of some
    # everyone is the rest of nobody; "US companies in 2024 vs the rest in 2023": not US companies
    summed = Side(side.entities, side.groups, rest=side.rest or side.whole)
    others, out_groups = (set(rival.entities), rival.groups) if rival is not None else (set(), ())
    return side_facts(ctx, summed, metric, period, others, out_groups)


def _line(
    ctx: Ctx, part: Part, side: SpanSide, found: list[Fact], metric: str, period: str
) -> Total:
    """A side's line (who, what measure, when, how much); its total for the verdict."""
    said: object = Names(side.entities) if side.entities else Scope(side.groups)
    if side.rest or (side.whole and not side.groups):
        said = Word("rest_side" if side.rest else "whole_side")
    stored = side.whole and len(found) == 1 and ctx.view.entities[found[0].entity].aggregate
    if stored:
        said = Names((found[0].entity,))  # the market's own figure: named, not "1 companies"
    total = sum((f.value for f in found), Decimal(0))
    approximate = any(f.approximate for f in found)
    fields: dict[str, object] = {
        "group": said,
        "label": Label(metric, lower=True),
        "period": PeriodText(period),
        "value": Amount(total, ctx.view.metrics[metric].unit, approximate),
    }
    summed = not stored and (len(found) > 1 or side.groups or side.whole or side.rest)
    if summed:
        fields |= {"count": len(found), "noun": Noun(one=len(found) == 1)}
    part.blocks.append(Block("cross_line_sum" if summed else "cross_line", fields))
    part.facts.extend(f for f in found[:MAX_CITED] if f not in part.facts)
    part.period = part.period or period
    return Block("cross_side", {"group": said, "period": PeriodText(period)}), total, approximate


def _verdict(cross: CrossSides, totals: list[Total], unit: str) -> Block:
    """Yes or no: whether the first side is ahead (or behind, when "less" is asked)."""
    (first, left, a), (second, right, b) = totals
    if left == right:
        return Block("groups_equal", {"value": Amount(left, unit, a or b)})
    yes = (left < right) if cross.less else (left > right)
    fields = gap((first, left), (second, right), unit, a or b)
    fields["ratio"] = close_ratio(max(left, right), min(left, right))  # 1.02×, not 1.0×
    if not cross.asked:
        return Block("groups_more", fields)  # "A 2024 vs B 2023": who is ahead, no yes or no
    return Block("sides_yes" if yes else "sides_no", fields)
