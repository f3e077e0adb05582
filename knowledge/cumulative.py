""" "Who bought the most over 2023 and 2024 combined?": each one's figures added up over the
periods asked, then ranked; a one with figures in only some of them says which."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import Amount, Block, Label, Names, Periods
from knowledge.intents import MAX_PERIODS, Ctx, Part, no_data
from knowledge.model import Fact, Period

DEFAULT_LINES = 5


def ranked_sums(ctx: Ctx, metric: str) -> Part:
    """The ranking of each one's sum over the periods asked (the lowest first for "least")."""
    periods = [p.code for p in sorted(ctx.plan.periods, key=Period.sort_key)[:MAX_PERIODS]]
    summed: dict[str, list[Fact]] = {}
    for period in periods:
        for fact in ctx.population(metric, period).facts:
            summed.setdefault(fact.entity, []).append(fact)
    if not summed:
        return no_data(ctx, metric, periods[0])
    totals = {entity: sum((f.value for f in facts), Decimal(0)) for entity, facts in summed.items()}
    lowest = ctx.plan.direction == "min"
    order = sorted(totals, key=lambda e: (totals[e] if lowest else -totals[e], e))
    shown = order[: ctx.plan.top_n or DEFAULT_LINES]
    unit = ctx.view.metrics[metric].unit
    head = {
        "label": Label(metric),
        "periods": Names(tuple(periods)),
        "scope": ctx.scope,
        "count": len(order),
    }
    part = Part(answered=True, blocks=[Block("summed_head", head)], period=periods[-1])
    for entity in shown:
        facts = summed[entity]
        rank = 1 + sum(
            1
            for e in order
            if (totals[e] < totals[entity] if lowest else totals[e] > totals[entity])
        )
        fields: dict[str, object] = {
            "rank": str(rank),
            "entity": Names((entity,)),
            "value": Amount(totals[entity], unit, any(f.approximate for f in facts)),
        }
        missing = len(facts) < len(periods)
        if missing:
            fields["periods"] = Periods(tuple(f.period for f in facts))
        part.blocks.append(Block("summed_line_some" if missing else "summed_line", fields))
        part.facts.extend(facts)
    return part


def _before(other: Decimal, mine: Decimal, lowest: bool) -> bool:
    """Whether a sum ranks ahead of another (ties share a rank)."""
    return other < mine if lowest else other > mine
