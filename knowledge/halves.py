"""The top or bottom half of a ranking: "bottom half of Hopper buyers in 2023", "la moitié
supérieure des acheteurs": the lines of that half, in rank order, and their total. With an odd
count the middle one belongs to neither half, and the answer says so."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import Amount, Block, Label, Names, PeriodText, Statement, Value
from knowledge.intents import Ctx, Part
from knowledge.model import Fact
from knowledge.population import tie_group


def half_of_ranking(ctx: Ctx, metric: str, period: str, facts: tuple[Fact, ...]) -> Part:
    """The lines of the half asked, largest first, their total, and the middle left out."""
    size = len(facts) // 2
    if size == 0:
        # one figure: no half to give, and nothing to cut through
        fields = {"statement": Statement(facts[0]), "scope": ctx.scope}
        return Part(
            answered=True, blocks=[Block("half_one", fields)], period=period, facts=[*facts]
        )
    indexes = range(size) if ctx.plan.half == "top" else range(len(facts) - size, len(facts))
    half = [facts[i] for i in indexes]
    head = {"label": Label(metric), "period": PeriodText(period), "count": len(facts)}
    head |= {"size": size, "scope": ctx.scope}
    name = "half_top_head" if ctx.plan.half == "top" else "half_bottom_head"
    part = Part(answered=True, blocks=[Block(name, head)], period=period, facts=half)
    part.blocks += [_line(facts, i) for i in indexes]
    total = sum((f.value for f in half), Decimal(0))
    approximate = any(f.approximate for f in half)
    unit = ctx.view.metrics[metric].unit
    part.blocks.append(Block("half_total", {"value": Amount(total, unit, approximate)}))
    if len(facts) % 2:
        middle = facts[size]
        rank = tie_group(facts, size)[0] + 1  # its rank shared on a tie, as in its line
        fields = {"entity": Names((middle.entity,)), "rank": rank, "count": len(facts)}
        part.blocks.append(Block("half_middle", fields))
    edge = size - 1 if ctx.plan.half == "top" else len(facts) - size
    start, end = tie_group(facts, edge)
    if start < min(indexes) or end > max(indexes) + 1:
        tied = Names(tuple(f.entity for f in facts[start:end]))  # who is level across the line
        part.blocks.append(
            Block("half_tie", {"value": Value(facts[edge], bold=False), "names": tied})
        )
    return part


def _line(facts: tuple[Fact, ...], index: int) -> Block:
    """ "7. CoreWeave: about 40,000": one line, its rank shared on a tie."""
    start, end = tie_group(facts, index)
    fields: dict[str, object] = {"rank": str(start + 1), "entity": Names((facts[index].entity,))}
    fields["value"] = Value(facts[index], bold=False)
    return Block("ranking_tie" if end - start > 1 else "ranking_line", fields)
