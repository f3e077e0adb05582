"""Two sums compared: "did ByteDance and Tencent together buy more than Microsoft?", "did
Microsoft buy more than Google and Amazon combined?", "… than all Chinese companies combined?"."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import (
    Amount,
    Block,
    Gap,
    Label,
    Names,
    Noun,
    PeriodText,
    Ratio,
    Scope,
    Times,
    Value,
    Word,
)
from knowledge.intents import (
    Ctx,
    Part,
    facts_of,
    margin_verdict,
    no_data,
    resolve_period,
)
from knowledge.model import Fact
from knowledge.population import holds, population
from knowledge.reading import Side

MAX_CITED = 50


def sides_compared(ctx: Ctx, metric: str) -> Part:
    """Each side's figure or sum, then whether the first is ahead, by how much, how many times."""
    plan = ctx.plan
    first_named = next((e for side in plan.sides for e in side.entities), None)
    period, problem = resolve_period(ctx, metric, first_named)
    if problem is not None or period is None:
        return problem or Part()
    unit = ctx.view.metrics[metric].unit
    head = {"label": Label(metric), "period": PeriodText(period)}
    part = Part(answered=True, blocks=[Block("sides_head", head)], period=period)
    totals: list[tuple[object, Decimal, bool]] = []
    for n, side in enumerate(plan.sides):
        # "Microsoft against the other US companies combined": it is not counted twice
        rivals = plan.sides[:n] + plan.sides[n + 1 :]
        others = {e for other in rivals for e in other.entities}
        # "US companies vs the rest": the rest leaves out the other side's groups too
        out_groups = tuple(g for other in rivals for g in other.groups) if side.rest else ()
        whole = (
            ctx.view.aggregate(metric, period)
            if side.rest and not (side.groups or ctx.plan.listed)
            else None
        )
        if whole is not None:
            # "Microsoft vs everyone else" with a stored whole: the whole less the other side
            rival_facts = _rival_facts(ctx, rivals, metric, period)
            total = whole.value - sum((f.value for f in rival_facts), Decimal(0))
            fields = {"whole": Names((whole.entity,)), "value": Amount(total, unit, True)}
            part.blocks.append(Block("sides_line_rest", fields))
            part.facts.append(whole)
            totals.append((Word("rest_side"), total, True))
            continue
        found = side_facts(ctx, side, metric, period, others, out_groups)
        if isinstance(found, Part):
            return found
        # "US companies excluding Microsoft" when Microsoft, a member, is on the other side
        left_out = tuple(e for e in sorted(others) if _member(ctx, e, side.groups))
        said: object = Names(side.entities) if side.entities else Scope(side.groups, left_out)
        if side.rest and not side.groups:
            said = Word("rest_side")  # "the rest", not "all listed": the other side is not in it
        total = sum((f.value for f in found), Decimal(0))
        approximate = any(f.approximate for f in found)
        part.blocks.append(_line(said, found, total, unit, approximate))
        part.facts.extend(f for f in found[:MAX_CITED] if f not in part.facts)
        totals.append((said, total, approximate))
    part.blocks.append(_verdict(ctx, totals, unit))
    return part


def _rival_facts(ctx: Ctx, rivals: list[Side], metric: str, period: str) -> list[Fact]:
    """The figures the other sides add up (each entity once)."""
    found: dict[str, Fact] = {}
    for side in rivals:
        facts = side_facts(ctx, side, metric, period, set(), ())
        if isinstance(facts, list):
            found.update((f.entity, f) for f in facts)
    return list(found.values())


def _member(ctx: Ctx, entity: str, groups: tuple[str, ...]) -> bool:
    found = ctx.view.entities.get(entity)
    return found is not None and not set(found.groups).isdisjoint(groups)


def side_facts(
    ctx: Ctx, side: Side, metric: str, period: str, others: set[str], out_groups: tuple[str, ...]
) -> list[Fact] | Part:
    """The figures a side adds up: its entities', then its groups' (each entity once)."""
    named = facts_of(ctx, side.entities, metric, period)
    if isinstance(named, Part):
        return named  # one named has no figure: said, rather than a partial sum
    found: dict[str, Fact] = {fact.entity: fact for fact in named}
    if side.groups or side.rest:
        # "the rest": everyone in the knowledge (the groups' members otherwise), once each
        plan = ctx.plan
        out = (*plan.excluded_groups, *out_groups)
        members = population(ctx.view, metric, period, side.groups, tuple(plan.excluded), out)
        if not members.facts:
            return no_data(ctx, metric, period)
        for fact in members.facts:
            if fact.entity not in others:
                found.setdefault(fact.entity, fact)
    return list(found.values())


def _line(said: object, found: list[Fact], total: Decimal, unit: str, approximate: bool) -> Block:
    if len(found) == 1:
        return Block("sides_line_one", {"group": said, "value": Value(found[0])})
    fields = {
        "group": said,
        "value": Amount(total, unit, approximate),
        "count": len(found),
        "noun": Noun(),
    }
    return Block("groups_line", fields)


def _verdict(ctx: Ctx, totals: list[tuple[object, Decimal, bool]], unit: str) -> Block:
    """ "Yes: Microsoft is ahead of Google and Amazon by 120,000 (1.3×)", or "No: …"."""
    (first, left, a), (second, right, b) = totals[0], totals[1]
    if left == right:
        return Block("groups_equal", {"value": Amount(left, unit, a or b)})
    asks_less = ctx.plan.direction == "min"
    yes = (left < right) if asks_less else (left > right)
    asked = ctx.plan.sides_asked  # "did … buy more than …?" wants a yes or a no; "vs" does not
    fields = gap((first, left), (second, right), unit, a or b)
    factor = ctx.plan.factor
    if factor is not None and right > 0:
        # "did US companies buy twice as many as Chinese companies?": against the multiple
        op = ctx.plan.threshold[0] if ctx.plan.threshold else "ge"
        # "as many as China" between two sums is at least as many, not exactly
        yes = holds("ge" if op == "eq" else op, left, factor * right)
        said = {"first": first, "second": second, "ratio": Ratio(left / right)}
        return Block(
            "sides_times_yes" if yes else "sides_times_no", said | {"factor": Times(factor)}
        )
    if not asked:
        return Block("groups_more", fields)
    if ctx.plan.margin is not None:
        # "did Meta and Google together buy 200k more than Amazon?": ahead by that much
        return margin_verdict(ctx.plan.margin, left, right, fields, unit)
    return Block("sides_yes" if yes else "sides_no", fields)


def gap(
    first: tuple[object, Decimal], second: tuple[object, Decimal], unit: str, approximate: bool
) -> dict[str, object]:
    """Who is ahead of whom, by how much and how many times: two sums, each with what says it."""
    (big, bigger), (small, smaller) = sorted((first, second), key=lambda side: -side[1])
    return {
        "bigger": big,
        "smaller": small,
        "difference": Gap(bigger - smaller, unit, approximate),
        "ratio": Ratio(bigger / smaller) if smaller > 0 else "—",
    }
