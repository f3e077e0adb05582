"""Ties: "which companies bought exactly the same number in 2023?" names each group of equal
figures; "who is tied with Tesla?" / "à égalité avec Tesla" is exactly as many, not at least."""

from __future__ import annotations

from knowledge.fields import Block, Label, Names, PeriodText, Value
from knowledge.intents import Ctx, Part, no_data, resolve_period
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan
from knowledge.population import tie_group
from knowledge.rankings import ranking as ranked_list

MAX_GROUPS = 10


def ties_asked(plan: Plan, q: Query) -> None:
    """A tie asked about: with one named, exactly its figure; with none, the groups of ties."""
    as_many = plan.relative_to and plan.factor == 1 and plan.threshold and plan.threshold[0] == "ge"
    if not as_many and plan.intent not in ("ranking", "figure"):
        return  # (the tie words are looked for only where they change the answer)
    tied = any(t.key in vocabulary().tie_words for t in q.said)
    if as_many and plan.threshold is not None:
        plan.threshold = ("eq", plan.threshold[1]) if tied else plan.threshold
        return
    asked = q.has("as_many") or tied
    named = plan.entities or plan.relative_to or (plan.groups and plan.intent == "figure")
    if asked and not named and q.top_n is None and plan.problem is None:
        plan.intent, plan.ties = "ranking", True


def ranking(ctx: Ctx, metric: str) -> Part:
    """A ranking; the groups of equal figures when ties were asked about."""
    if not ctx.plan.ties:
        return ranked_list(ctx, metric)
    period, problem = resolve_period(ctx, metric)
    if problem is not None or period is None:
        return problem or Part()
    facts = ctx.population(metric, period).facts
    if not facts:
        return no_data(ctx, metric, period)
    head = {"label_lower": Label(metric, lower=True), "period": PeriodText(period)}
    head["scope"] = ctx.scope
    part = Part(answered=True, period=period)
    index = 0
    while index < len(facts) and len(part.blocks) < MAX_GROUPS:
        start, end = tie_group(facts, index)
        if end - start > 1:
            names = Names(tuple(f.entity for f in facts[start:end]))
            value = Value(facts[start], bold=False)
            part.blocks.append(Block("ties_line", {"entity": names, "value": value}))
            part.facts.extend(facts[start:end])
        index = end
    part.blocks.insert(0, Block("ties_head" if part.blocks else "ties_none", head))
    part.facts = part.facts or list(facts)
    return part
