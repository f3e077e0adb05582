"""One figure against several measures added up: "is Meta's in-house deployment bigger than
Microsoft's Hopper, MI300 and in-house combined?", "Meta's in-house chips" - "is that more than
its Hopper and MI300 combined?". Each side names (or takes from the conversation) one entity and
its own measures; both in one unit and one period, or no answer of that kind."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from knowledge.conversation import Conversation
from knowledge.fields import Amount, Block, Gap, Labels, Names, PeriodText, Ratio, Statement
from knowledge.intents import Ctx, Part
from knowledge.model import Fact, Period
from knowledge.parse.items import Item
from knowledge.parse.question import Query

_LESS = ("less", "less_than")
_MORE = ("more", "more_than")


@dataclass(frozen=True, slots=True)
class MetricSide:
    """One entity and the measures of it added up."""

    entity: str
    metrics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MetricSides:
    """The two sides, and whether the first is asked to be the smaller."""

    first: MetricSide
    second: MetricSide
    less: bool = False


def metric_sides(q: Query, context: Conversation | None) -> MetricSides | None:
    """The two sides when a comparative sets one entity's measures against a sum of measures
    ("combined", "together"); None for any other question."""
    said = {x.kind for x in q.items} & {"entity", "metric", "group", "number"}
    last = context.metric_sides if context is not None else None
    if last is not None and q.has("difference", "ratio") and not said:
        return last  # "by how much?" after those two sides
    cut = q.first_comparative
    if cut is None or not q.has("total") or q.numbers or q.groups or q.excluded:
        return None
    less = any(x.kind in _LESS for x in q.items if x.start == cut)
    cut = _than_after(q, cut)
    left = _side([x for x in q.items if x.start < cut], None)
    right = _side([x for x in q.items if x.start > cut], left.entity if left else None)
    if left is None and context is not None and q.has("pronoun"):
        left = _last_figure(context)  # "is that more than its Hopper and MI300 combined?"
    if right is None and left is not None and q.has("pronoun"):
        right = _side([x for x in q.items if x.start > cut], left.entity)
    if left is None or right is None or len(left.metrics) + len(right.metrics) < 3:
        return None
    return MetricSides(left, right, less)


def _than_after(q: Query, cut: int) -> int:
    """ "Does Meta have more in-house chips than Hopper and MI300 combined?": the measure said
    between "more" and "than" is of the first side, so the sides part at "than"."""
    ahead = [x for x in q.items if x.start < cut and x.kind == "metric"]
    than = [x.start for x in q.items if x.start > cut and x.kind == "than"]
    return than[0] if than and not ahead else cut


def _side(items: list[Item], entity: str | None) -> MetricSide | None:
    """One entity (or the one of the other side: "its") and the measures said with it."""
    named = list(dict.fromkeys(str(x.value) for x in items if x.kind == "entity"))
    metrics = tuple(dict.fromkeys(str(x.value) for x in items if x.kind == "metric"))
    one = named[0] if len(named) == 1 else entity if not named else None
    return MetricSide(one, metrics) if one is not None and metrics else None


def _last_figure(context: Conversation) -> MetricSide | None:
    """The one figure just given ("Meta's in-house chips")."""
    if context.intent != "figure" or len(context.entities) != 1 or len(context.metrics) != 1:
        return None
    return MetricSide(context.entities[0], context.metrics)


def sides_compared(ctx: Ctx, sides: MetricSides) -> Part:
    """Each side's figures and sum in the latest period both have, then which is ahead."""
    view = ctx.view
    wanted = [(s.entity, m) for s in (sides.first, sides.second) for m in s.metrics]
    units = {view.metrics[m].unit for _, m in wanted}
    period = _period(ctx, wanted)
    if period is None or len(units) != 1:
        return Part(blocks=[Block("metric_sides_none", {})])  # no one period, or two units
    facts = [view.fact(e, m, period) for e, m in wanted]
    found = [f for f in facts if f is not None]
    part = Part(answered=True, facts=found, period=period)
    part.blocks = [Block("figure", {"statement": Statement(f)}) for f in found]
    size = len(sides.first.metrics)
    a, b = _total(found[:size]), _total(found[size:])
    unit = units.pop()
    approximate = any(f.approximate for f in found)
    said = [
        Block("metric_side", _said(sides.first, a, unit, approximate)),
        Block("metric_side", _said(sides.second, b, unit, approximate)),
    ]
    fields: dict[str, object] = {
        "bigger": said[0] if a >= b else said[1],
        "smaller": said[1] if a >= b else said[0],
        "difference": Gap(abs(a - b), unit, approximate),
        "ratio": _ratio(max(a, b), min(a, b)),
        "period": PeriodText(period),
    }
    holds = b < a if not sides.less else a < b
    part.blocks.append(Block("metric_sides_yes" if holds else "metric_sides_no", fields))
    return part


def _said(side: MetricSide, total: Decimal, unit: str, approximate: bool) -> dict[str, object]:
    return {
        "entity": Names((side.entity,)),
        "labels": Labels(side.metrics, lower=True),
        "value": Amount(total, unit, approximate),
    }


def _ratio(big: Decimal, small: Decimal) -> object:
    """ "1.003×": more decimals when one would show two close sums as level (1.0×)."""
    return Ratio(big / small, precise=big / small < Decimal("1.1")) if small > 0 else "—"


def _total(facts: list[Fact]) -> Decimal:
    return sum((f.value for f in facts), Decimal(0))


def _period(ctx: Ctx, wanted: list[tuple[str, str]]) -> str | None:
    """The period asked, else the latest one with every figure wanted."""
    view = ctx.view
    codes = set.intersection(*(set(view.periods.get(m, ())) for _, m in wanted))
    if ctx.plan.periods:
        codes &= {ctx.plan.periods[0].code}
    ordered = sorted(codes, key=lambda c: Period.sort_key(Period.parse(c)), reverse=True)
    return next((c for c in ordered if all(view.fact(e, m, c) for e, m in wanted)), None)
