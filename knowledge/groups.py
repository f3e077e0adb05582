"""Groups side by side: "US vs Chinese companies", "did US companies buy more than China?"."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import Amount, Block, Label, Noun, Percent, PeriodText, Scope
from knowledge.intents import MAX_LINES, Ctx, Part, amount_of, no_data, resolve_period
from knowledge.intents import comparison as entities_compared
from knowledge.model import Fact
from knowledge.population import Population, population
from knowledge.sides import gap, sides_compared

MAX_CITED = 50  # each group's total rests on its figures; the largest are cited
Measured = tuple[str, Population, Amount]  # a group, its figures, their sum or mean


def comparison(ctx: Ctx, metric: str) -> Part:
    """Entities side by side; groups when the question names several and no entity."""
    if ctx.plan.sides:
        return sides_compared(ctx, metric)
    if not ctx.plan.entities and len(ctx.plan.groups) >= 2:
        return groups_compared(ctx, metric)
    return entities_compared(ctx, metric)


def groups_compared(ctx: Ctx, metric: str) -> Part:
    """Each group's total (or mean, when averages are compared), then how far the larger is
    ahead (difference and ratio)."""
    plan = ctx.plan
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    excluded, left_out = tuple(plan.excluded), tuple(plan.excluded_groups)
    found = [
        (group, population(ctx.view, metric, period, (group,), excluded, left_out))
        for group in plan.groups[:MAX_LINES]
    ]
    if not any(pop.facts for _, pop in found):
        return no_data(ctx, metric, period)
    totals = [(group, pop, _measured(ctx, metric, pop)) for group, pop in found]
    if plan.ranked_groups:  # "rank the groups": the largest sum first
        totals.sort(key=lambda row: (not row[1].facts, -row[2].value))
    mean = "_mean" if plan.group_means else ""
    head = {"label": Label(metric), "period": PeriodText(period)}
    part = Part(answered=True, blocks=[Block(f"groups_head{mean}", head)], period=period)
    for group, pop, amount in totals:
        fields = {
            "group": Scope((group,)),
            "value": amount,
            "count": len(pop.facts),
            "noun": Noun(one=len(pop.facts) == 1),  # "(1 company)"
        }
        part.blocks.append(Block(f"groups_line{mean}" if pop.facts else "groups_line_none", fields))
    with_figures = [group for group, pop, _ in totals if pop.facts]
    if plan.ranked_groups and len(with_figures) == 1:  # "which group spent more?": one has figures
        only = {"group": Scope((with_figures[0],)), "label": Label(metric, lower=True)}
        part.blocks.append(Block("groups_only", {**only, "period": PeriodText(period)}))
    part.facts = _cited([pop for _, pop, _ in totals])
    if len(totals) == 2 and len(with_figures) == 2:
        part.blocks.append(_ahead(totals[0], totals[1], percent=plan.percent, mean=mean))
    return part


def _measured(ctx: Ctx, metric: str, found: Population) -> Amount:
    """A group's sum, or its mean when averages are compared ("about" when not whole)."""
    if not found.facts:
        return Amount(Decimal(0), ctx.view.metrics[metric].unit)
    return amount_of(ctx, metric, found.facts, mean=ctx.plan.group_means)


def _ahead(first: Measured, second: Measured, *, percent: bool, mean: str) -> Block:
    """ "US companies ahead of Chinese companies by 614,000 (2.3×)", or level; in percent too
    when asked ("… 133.5% more"); `mean` is "_mean" when the amounts are averages."""
    (one, _, left), (other, _, right) = first, second
    approximate, unit = left.approximate or right.approximate, left.unit
    if left.value == right.value:
        return Block(f"groups_equal{mean}", {"value": Amount(left.value, unit, approximate)})
    sums = ((Scope((one,)), left.value), (Scope((other,)), right.value))
    fields = gap(sums[0], sums[1], unit, approximate)
    smaller = min(left.value, right.value)
    if percent and smaller > 0:
        fields["percent"] = Percent(abs(left.value - right.value) / smaller)
        return Block(f"groups_more_percent{mean}", fields)
    return Block(f"groups_more{mean}", fields)


def _cited(totals: list[Population]) -> list[Fact]:
    """The figures the totals rest on, the largest of each group first, each figure once."""
    cited: dict[tuple[str, str, str, str], Fact] = {}
    for found in totals:
        for fact in found.facts[: MAX_CITED // max(len(totals), 1)]:
            cited.setdefault(fact.identity, fact)
    return list(cited.values())
