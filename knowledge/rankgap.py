"""The gap asked with a superlative ("by what margin?"): to the next one, and none between tied
ones ("the least?" - "how big is the gap?" when two are level)."""

from __future__ import annotations

from knowledge.fields import Amount, Block, Names, Ratio
from knowledge.intents import Ctx
from knowledge.model import Fact
from knowledge.render import MAX_NAMES


def gap(ctx: Ctx, metric: str, first: Fact, then: Fact) -> Block:
    """How far the first is from the next one: the difference and the multiple."""
    high, low = max(first.value, then.value), min(first.value, then.value)
    fields: dict[str, object] = {
        "difference": Amount(high - low, ctx.view.metrics[metric].unit, True),
        "ratio": Ratio(high / low) if low > 0 else "—",
    }
    return Block("gap_to_next", fields)


def tied_gap(group: tuple[Fact, ...]) -> list[Block]:
    """No gap between the ones level at the top (or bottom): said, rather than left unanswered."""
    if len(group) < 2:
        return []
    names = Names(tuple(f.entity for f in group[:MAX_NAMES]), len(group))
    return [Block("gap_tied", {"names": names})]
