"""Who has a figure for one period but none for another: "how many companies bought Hopper in
2023 but not in 2024?", « … en 2023 mais pas en 2024 ? » (not each period's list on its own)."""

from __future__ import annotations

from itertools import pairwise

from knowledge.fields import Block, Label, Names, Noun, PeriodText
from knowledge.intents import Ctx, Part
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan

# what such a question reads as before: each period's count, list or ranking (not "the top 3
# in 2023 but not in 2024", "the biggest in 2023 but not in 2024": a place, not a figure)
_READ_AS = ("count", "ranking", "list_entities")


def only_in_asked(plan: Plan, q: Query) -> None:
    """Read "in 2023 but not in 2024" as those with a figure for the first period only."""
    if len(q.periods) != 2 or plan.intent not in _READ_AS:
        return
    if len(plan.metrics) != 1 or plan.entities or plan.barred or plan.top_n:
        return
    vocab = vocabulary()
    pairs = pairwise(t.key for t in q.said)
    if not any(a in vocab.but_words and b in vocab.but_not_words for a, b in pairs):
        return
    first, second = q.periods  # as said: the one with figures, then the one without
    plan.only_in = (first.code, second.code)
    plan.problem, plan.lacking = None, False  # (not "no figure for either period")


def only_in(ctx: Ctx, metric: str) -> Part:
    """Those with a figure for the first period asked and none for the second."""
    assert ctx.plan.only_in is not None
    first, second = ctx.plan.only_in
    seconds = ctx.population(metric, second).facts
    firsts = ctx.population(metric, first).facts
    without = {f.entity for f in seconds}
    facts = tuple(f for f in firsts if f.entity not in without)
    fields: dict[str, object] = {
        "label_lower": Label(metric, lower=True),
        "period": PeriodText(first),
        "other": PeriodText(second),
        "scope": ctx.scope,
        "noun": Noun(one=len(facts) == 1),
        "count": len(facts),
        "names": Names(tuple(f.entity for f in facts)),
    }
    # (none: say that every one has both, never an empty list)
    template = "only_in" if len(facts) > 1 else "only_in_one" if facts else "only_in_none"
    if facts and not seconds:
        template = "only_in_nothing"  # no figure at all for the second period: say that first
    if not firsts:
        template = "only_in_empty"  # none for the first: not "every one has both"
    cited = list(facts or firsts)  # (none: the figures that say so)
    return Part(answered=bool(firsts), blocks=[Block(template, fields)], facts=cited, period=first)
