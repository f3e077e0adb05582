"""Two metrics side by side for one entity: "did Microsoft buy more Hopper or MI300 chips?"."""

from __future__ import annotations

from knowledge.fields import Amount, Block, Label, Names, PeriodText, Ratio, Value
from knowledge.intents import Ctx
from knowledge.model import Fact


def metrics_compared(ctx: Ctx, facts: list[Fact]) -> Block | None:
    """Which of two figures of one entity is ahead, when they share a unit and a period."""
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
    big, small = (a, b) if a.value > b.value else (b, a)
    fields |= {
        "bigger": Label(big.metric, lower=True),
        "smaller": Label(small.metric, lower=True),
        "difference": Amount(big.value - small.value, unit, a.approximate or b.approximate),
        "ratio": Ratio(big.value / small.value) if small.value > 0 else "—",
    }
    return Block("metrics_more", fields)
