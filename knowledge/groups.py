"""Groups side by side: "US vs Chinese companies", "did US companies buy more than China?"."""

from __future__ import annotations

from knowledge.fields import Amount, Block, Label, Noun, Percent, PeriodText, Scope
from knowledge.intents import MAX_LINES, Ctx, Part, no_data, resolve_period
from knowledge.intents import comparison as entities_compared
from knowledge.model import Fact
from knowledge.population import Population, population
from knowledge.sides import gap, sides_compared

MAX_CITED = 50  # each group's total rests on its figures; the largest are cited


def comparison(ctx: Ctx, metric: str) -> Part:
    """Entities side by side; groups when the question names several and no entity."""
    if ctx.plan.sides:
        return sides_compared(ctx, metric)
    if not ctx.plan.entities and len(ctx.plan.groups) >= 2:
        return groups_compared(ctx, metric)
    return entities_compared(ctx, metric)


def groups_compared(ctx: Ctx, metric: str) -> Part:
    """Each group's total, then how far the larger is ahead (difference and ratio)."""
    plan = ctx.plan
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    excluded, left_out = tuple(plan.excluded), tuple(plan.excluded_groups)
    totals = [
        (group, population(ctx.view, metric, period, (group,), excluded, left_out))
        for group in plan.groups[:MAX_LINES]
    ]
    if not any(found.facts for _, found in totals):
        return no_data(ctx, metric, period)
    if plan.ranked_groups:  # "rank the groups": the largest sum first
        totals.sort(key=lambda pair: (not pair[1].facts, -pair[1].total))
    unit = ctx.view.metrics[metric].unit
    head = {"label": Label(metric), "period": PeriodText(period)}
    part = Part(answered=True, blocks=[Block("groups_head", head)], period=period)
    for group, found in totals:
        fields: dict[str, object] = {
            "group": Scope((group,)),
            "value": Amount(found.total, unit, found.approximate),
            "count": len(found.facts),
            "noun": Noun(),
        }
        part.blocks.append(Block("groups_line" if found.facts else "groups_line_none", fields))
    with_figures = [group for group, found in totals if found.facts]
    if plan.ranked_groups and len(with_figures) == 1:  # "which group spent more?": one has figures
        only = {"group": Scope((with_figures[0],)), "label": Label(metric, lower=True)}
        part.blocks.append(Block("groups_only", {**only, "period": PeriodText(period)}))
    part.facts = _cited(totals)
    if len(totals) == 2 and all(found.facts for _, found in totals):
        part.blocks.append(_ahead(totals[0], totals[1], unit, percent=plan.percent))
    return part


def _ahead(
    first: tuple[str, Population], second: tuple[str, Population], unit: str, *, percent: bool
) -> Block:
    """ "US companies ahead of Chinese companies by 614,000 (2.3×)", or level; in percent too
    when asked ("… 133.5% more")."""
    (one, left), (other, right) = first, second
    approximate = left.approximate or right.approximate
    if left.total == right.total:
        return Block("groups_equal", {"value": Amount(left.total, unit, approximate)})
    sums = ((Scope((one,)), left.total), (Scope((other,)), right.total))
    fields = gap(sums[0], sums[1], unit, approximate)
    smaller = min(left.total, right.total)
    if percent and smaller > 0:
        fields["percent"] = Percent(abs(left.total - right.total) / smaller)
        return Block("groups_more_percent", fields)
    return Block("groups_more", fields)


def _cited(totals: list[tuple[str, Population]]) -> list[Fact]:
    """The figures the totals rest on, the largest of each group first, each figure once."""
    cited: dict[tuple[str, str, str, str], Fact] = {}
    for _, found in totals:
        for fact in found.facts[: MAX_CITED // max(len(totals), 1)]:
            cited.setdefault(fact.identity, fact)
    return list(cited.values())
