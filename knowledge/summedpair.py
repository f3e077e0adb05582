"""Two companies' measures (or years) added up, then compared: "Microsoft's AI chips, all kinds"
- "and Meta" - "who has more?" sets 781,000 against 1,897,000, after each measure's comparison;
"Meta's Hopper over both years" - "and Microsoft?" - "difference?" sets 374,000 against 635,000."""

from __future__ import annotations

from decimal import Decimal

from knowledge.conversation import Conversation
from knowledge.fields import Block, Labels, Names, Periods
from knowledge.intents import Ctx, amount_of
from knowledge.model import Fact
from knowledge.plan import Plan
from knowledge.sides import gap


def asks_summed(plan: Plan, context: Conversation | None) -> bool:
    """Whether a comparison follows totals of several measures (or years) added up ("who has
    more?", "difference?")."""
    if context is None or context.intent != "total" or plan.intent != "comparison":
        return False
    if len(context.metrics) >= 2:
        return set(plan.metrics) == set(context.metrics)
    return len(context.total_periods) >= 2 and _over_those_years(plan, context)


def _over_those_years(plan: Plan, context: Conversation) -> bool:
    """A comparison over the years the totals just given were added over."""
    return {p.code for p in plan.periods} == set(context.total_periods)


def sums_compared(ctx: Ctx, facts: list[Fact]) -> Block | None:
    """Each one's measures (or years) added up (one unit), and who is ahead of whom."""
    plan, metrics = ctx.plan, ctx.view.metrics
    if len(plan.entities) != 2:
        return None
    codes = {p.code for p in plan.periods}
    mine = {f.identity: f for f in facts if f.metric in plan.metrics and f.period in codes}.values()
    over_years = len(plan.metrics) == 1 and len(codes) >= 2
    if len({metrics[f.metric].unit for f in mine}) != 1 or (
        not over_years and len({f.period for f in mine}) != 1
    ):
        return None
    sums = []
    for entity in plan.entities:
        theirs = [f for f in mine if f.entity == entity]
        if len(theirs) != (len(codes) if over_years else len(plan.metrics)):
            return None  # a measure (or year) missing for one: its sum would not be comparable
        total = sum((f.value for f in theirs), Decimal(0))
        sums.append((entity, total, amount_of(ctx, theirs[0].metric, theirs, mean=False)))
    (a, left, said_a), (b, right, said_b) = sums
    if left == right or min(left, right) <= 0:
        return None
    unit = metrics[plan.metrics[0]].unit
    fields = gap((Names((a,)), left), (Names((b,)), right), unit, said_a.approximate)
    fields |= {"first": Names((a,)), "second": Names((b,)), "first_total": said_a}
    fields |= {"second_total": said_b, "labels": Labels(tuple(plan.metrics), lower=True)}
    if over_years:
        fields["periods"] = Periods(tuple(sorted(codes)))
        return Block("periods_sums_compared", fields)
    return Block("metrics_sums_compared", fields)
