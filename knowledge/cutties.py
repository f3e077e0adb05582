""" "Top 3 without ties": the figures cannot break a tie, so a ranking asked without ties says
whether one falls at its cut (then all those tied are listed, and named), inside it, or nowhere."""

from __future__ import annotations

from collections.abc import Callable

from knowledge.fields import Block, Names, Value
from knowledge.intents import DEFAULT_TOP, Ctx, Part
from knowledge.model import Fact
from knowledge.parse.question import Query
from knowledge.population import tie_group

Handler = Callable[[Ctx, str], Part]


def ties_said(handler: Handler, intent: str, q: Query) -> Handler:
    """The handler, followed by what happens to ties when a ranking is asked without them."""
    if intent != "ranking" or not q.has("no_ties"):
        return handler

    def with_ties(ctx: Ctx, metric: str) -> Part:
        part = handler(ctx, metric)
        if part.answered and part.period is not None and ctx.plan.half is None:
            part.blocks.append(_ties(ctx, metric, part.period))
        return part

    return with_ties


def _ties(ctx: Ctx, metric: str, period: str) -> Block:
    """The tie at the cut of the top (or bottom) N, else a tie inside it, else none."""
    facts = ctx.population(metric, period).facts
    asked = min(ctx.plan.top_n or DEFAULT_TOP, len(facts))
    if ctx.plan.top_n is None and len(facts) - asked == 1:
        asked += 1  # (as the ranking does: one more line rather than "…and 1 more")
    least = ctx.plan.direction == "min"
    order = list(reversed(facts)) if least else list(facts)
    edge = facts.index(order[asked - 1])
    start, end = tie_group(facts, edge)
    fields: dict[str, object] = {"count": asked}
    if end - start > 1 and (start < edge if least else end - 1 > edge):
        # the cut runs through a tie: those tied are listed whole, not some of them
        tied = facts[start:end]
        room = end - edge if least else edge - start + 1  # how many of them the N has room for
        return Block("no_ties_cut", fields | _tie(tied, start + 1) | {"room": room})
    inside = _first_tie(order[:asked], facts)
    if inside is None:
        return Block("no_ties_none", fields)
    return Block("no_ties_inside", fields | _tie(*inside))


def _first_tie(shown: list[Fact], facts: tuple[Fact, ...]) -> tuple[tuple[Fact, ...], int] | None:
    """The first tie among the figures shown, and its rank."""
    for fact in shown:
        start, end = tie_group(facts, facts.index(fact))
        if end - start > 1:
            return facts[start:end], start + 1
    return None


def _tie(tied: tuple[Fact, ...], rank: int) -> dict[str, object]:
    """The fields naming a tie: who, at which rank, with what figure."""
    return {
        "names": Names(tuple(f.entity for f in tied)),
        "tied": len(tied),
        "rank": str(rank),
        "value": Value(tied[0]),
    }
