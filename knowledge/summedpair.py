"""Two companies' measures added up, then compared: "Microsoft's AI chips, all kinds" - "and
Meta" - "who has more?" sets 781,000 against 1,897,000, after each measure's comparison."""

from __future__ import annotations

from decimal import Decimal

from knowledge.conversation import Conversation
from knowledge.fields import Block, Labels, Names
from knowledge.intents import Ctx, amount_of
from knowledge.model import Fact
from knowledge.plan import Plan
from knowledge.sides import gap


def asks_summed(plan: Plan, context: Conversation | None) -> bool:
    """Whether a comparison follows totals of several measures added up ("who has more?")."""
    if context is None or context.intent != "total" or len(context.metrics) < 2:
        return False
    return plan.intent == "comparison" and set(plan.metrics) == set(context.metrics)


def sums_compared(ctx: Ctx, facts: list[Fact]) -> Block | None:
    """Each one's measures added up (one unit, one period), and who is ahead of whom."""
    plan, metrics = ctx.plan, ctx.view.metrics
    if len(plan.entities) != 2:
        return None
    mine = {f.identity: f for f in facts if f.metric in plan.metrics}.values()
    if len({(f.period, metrics[f.metric].unit) for f in mine}) != 1:
        return None
    sums = []
    for entity in plan.entities:
        theirs = [f for f in mine if f.entity == entity]
        if len(theirs) != len(plan.metrics):
            return None  # a measure missing for one: its sum would not be comparable
        total = sum((f.value for f in theirs), Decimal(0))
        sums.append((entity, total, amount_of(ctx, theirs[0].metric, theirs, mean=False)))
    (a, left, said_a), (b, right, said_b) = sums
    if left == right or min(left, right) <= 0:
        return None
    unit = metrics[plan.metrics[0]].unit
    fields = gap((Names((a,)), left), (Names((b,)), right), unit, said_a.approximate)
    fields |= {"first": Names((a,)), "second": Names((b,)), "first_total": said_a}
    fields |= {"second_total": said_b, "labels": Labels(tuple(plan.metrics), lower=True)}
    return Block("metrics_sums_compared", fields)
