""" "Which company has the most AI chips in total in 2024?": each one's figures on every measure
the broad word names (one unit, one period) added up, then ranked; the answer says that these
are different measures added up, and which measures a line lacks."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import Amount, Block, Labels, Names, PeriodText
from knowledge.intents import Ctx, Part, resolve_period
from knowledge.model import Fact
from knowledge.parse.question import Query

DEFAULT_LINES = 5


def summed_measures(q: Query, ctx: Ctx) -> tuple[str, ...] | None:
    """The measures to add up when the question asks who has the most (or least) of several
    measures in one unit "in total", naming nobody; None otherwise."""
    plan = ctx.plan
    if plan.entities or not q.has("total") or not q.has("most", "least") or len(plan.metrics) < 2:
        return None
    units = {ctx.view.metrics[m].unit for m in plan.metrics}
    return tuple(plan.metrics) if len(units) == 1 else None


def ranked_across(ctx: Ctx, metrics: tuple[str, ...]) -> Part:
    """The ranking of each one's figures on the measures added up, in one period."""
    period, problem = resolve_period(ctx, metrics[0])
    if problem is not None or period is None:
        return problem or Part()
    summed: dict[str, list[Fact]] = {}
    for metric in metrics:
        for fact in ctx.population(metric, period).facts:
            summed.setdefault(fact.entity, []).append(fact)
    totals = {entity: sum((f.value for f in facts), Decimal(0)) for entity, facts in summed.items()}
    lowest = ctx.plan.direction == "min"
    order = sorted(totals, key=lambda e: (totals[e] if lowest else -totals[e], e))
    unit = ctx.view.metrics[metrics[0]].unit
    head = {
        "labels": Labels(metrics, lower=True),
        "period": PeriodText(period),
        "scope": ctx.scope,
        "count": len(order),
    }
    part = Part(answered=bool(order), blocks=[Block("across_head", head)], period=period)
    shown = _lines_shown(order, totals, ctx.plan.top_n)
    for entity in order[:shown]:
        facts = summed[entity]
        ahead = sum(1 for e in order if _before(totals[e], totals[entity], lowest))
        fields: dict[str, object] = {
            "rank": str(1 + ahead),
            "entity": Names((entity,)),
            "value": Amount(totals[entity], unit, any(f.approximate for f in facts)),
        }
        lacking = tuple(m for m in metrics if m not in {f.metric for f in facts})
        if lacking:
            fields["lacking"] = Labels(lacking, lower=True)
        part.blocks.append(Block("across_line_some" if lacking else "across_line", fields))
        part.facts.extend(facts)
    if len(order) > shown:  # "6 in all" with 5 lines: the others said, never silently left out
        more = "ranking_more_above" if lowest else "ranking_more"
        part.blocks.append(Block(more, {"count": len(order) - shown}))
    return part


def _lines_shown(order: list[str], totals: dict[str, Decimal], top_n: int | None) -> int:
    """How many lines to show: those asked, and those tied with the last one; one left over
    is shown rather than said as "…and 1 more"."""
    count = min(top_n or DEFAULT_LINES, len(order))
    while 0 < count < len(order) and totals[order[count]] == totals[order[count - 1]]:
        count += 1
    return count + 1 if top_n is None and len(order) - count == 1 else count


def _before(other: Decimal, mine: Decimal, lowest: bool) -> bool:
    """Whether a sum ranks ahead of another (ties share a rank)."""
    return other < mine if lowest else other > mine
