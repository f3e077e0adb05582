""" "Who is right behind ByteDance?" when Tencent is level with it: those level with the one
named are said first, then the next rank, so that no one tied with it is skipped."""

from __future__ import annotations

from knowledge import rankings
from knowledge.fields import Block, Label, Names, PeriodText, Value
from knowledge.intents import Ctx, Part
from knowledge.population import tie_group


def rank_neighbour(ctx: Ctx, metric: str) -> Part:
    """The next rank ahead or behind, after those tied with the one named, if any."""
    part = rankings.rank_neighbour(ctx, metric)
    plan = ctx.plan
    if plan.direction == "nearest" or not plan.entities or not part.answered or not part.period:
        return part  # "is there a tie?" already names those level
    facts = ctx.population(metric, part.period).facts
    index = next((n for n, f in enumerate(facts) if f.entity == plan.entities[0]), None)
    if index is None:
        return part
    start, end = tie_group(facts, index)
    if end - start < 2:
        return part
    level = facts[start:end]
    fields: dict[str, object] = {
        "entity": Names(tuple(fact.entity for fact in level)),
        "rank": str(start + 1),
        "count": len(facts),
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(part.period),
        "value": Value(facts[index]),
    }
    part.blocks.insert(0, Block("position_shared", fields))
    part.facts.extend(fact for fact in level if fact not in part.facts)
    return part
