"""One entity's mix: "what fraction of Meta's 2024 AI chips were in-house?" is one of its
figures against the sum of its figures on every measure the broad word names (in one unit), not
its share of everyone's figures on that one measure."""

from __future__ import annotations

from knowledge.fields import Amount, Block, Label, Labels, Names, Percent, PeriodText, Statement
from knowledge.intents import Ctx, Part, amount_of, resolve_period
from knowledge.parse.question import Query


def mix_of(q: Query, ctx: Ctx) -> tuple[str, ...] | None:
    """The measures a share's whole adds up, when the question says one entity's broad measure
    ("Meta's AI chips") and then narrows it to one ("were in-house"); None otherwise."""
    plan = ctx.plan
    if len(plan.entities) != 1 or plan.groups or len(plan.metrics) != 1:
        return None
    said = [x for x in q.items if x.kind in ("partial", "metric")]
    broad = said[0].value if said and said[0].kind == "partial" else None
    if not isinstance(broad, frozenset) or len(said) < 2 or len(broad) < 2:
        return None  # a measure named outright first, or no broad word before a narrower one
    if plan.metrics[0] not in broad:
        return None
    unit = ctx.view.metrics[plan.metrics[0]].unit
    same = tuple(m for m in sorted(broad) if ctx.view.metrics[m].unit == unit)
    return same if len(same) > 1 else None


def entity_mix(ctx: Ctx, metrics: tuple[str, ...]) -> Part:
    """The entity's figure on the measure asked, as a part of its figures on all of them."""
    entity, part_metric = ctx.plan.entities[0], ctx.plan.metrics[0]
    period, problem = resolve_period(ctx, part_metric, entity)
    if problem is not None or period is None:
        return problem or Part()
    facts = [f for m in metrics if (f := ctx.view.fact(entity, m, period)) is not None]
    part = next((f for f in facts if f.metric == part_metric), None)
    if part is None or len(facts) < 2:
        return Part(blocks=[Block("mix_none", {"entity": Names((entity,))})])
    whole = amount_of(ctx, part_metric, facts, mean=False)  # the measures share one unit
    unit = ctx.view.metrics[part_metric].unit
    fields = {
        "entity": Names((entity,)),
        "period": PeriodText(period),
        "label_lower": Label(part_metric, lower=True),
        "labels": Labels(tuple(f.metric for f in facts), lower=True),
        "percent": Percent(part.value / whole.value) if whole.value > 0 else "—",
        "part": Amount(part.value, unit, part.approximate),
        "whole": whole,
    }
    blocks = [Block("mix_share", fields)]
    blocks += [Block("overview_line", {"statement": Statement(f)}) for f in facts]
    return Part(answered=True, blocks=blocks, facts=facts, period=period)
