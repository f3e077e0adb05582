"""The gap asked with a superlative ("by what margin?"): to the next one, in percent when asked
("and in %?"), and none between tied ones ("the least?" - "how big is the gap?" when two are
level)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.conversation import Conversation
from knowledge.fields import Block, Gap, Names, Percent, Ratio
from knowledge.intents import Ctx
from knowledge.model import Fact
from knowledge.parse.question import Query
from knowledge.reading import percent_word
from knowledge.render import MAX_NAMES

if TYPE_CHECKING:
    from knowledge.plan import Plan


def gap(ctx: Ctx, metric: str, first: Fact, then: Fact) -> Block:
    """How far the first is from the next one: the difference and the multiple (and, "in %?",
    how much more the larger has, in percent of the smaller)."""
    high, low = max(first.value, then.value), min(first.value, then.value)
    fields: dict[str, object] = {
        "difference": Gap(high - low, ctx.view.metrics[metric].unit, True),
        "ratio": Ratio(high / low) if low > 0 else "—",
    }
    if ctx.plan.percent and low > 0:
        bigger = first if first.value >= then.value else then
        fields |= {"percent": Percent((high - low) / low), "bigger": Names((bigger.entity,))}
        return Block("gap_to_next_percent", fields)
    return Block("gap_to_next", fields)


def gap_in_percent(plan: Plan, q: Query, context: Conversation) -> bool:
    """ "Who spent the most?" - "by how much?" - "and in %?": the same gap to the next one, in
    percent; not the leader's share of the whole ("what share of the market?" names it)."""
    if context.intent != "superlative" or q.entities or q.groups or q.numbers or q.metrics:
        return False
    in_percent = percent_word(q) or q.has("relative")
    if q.has("who") or not (q.has("percent_gap") or (context.gap and in_percent)):
        return False
    plan.intent, plan.gap, plan.percent = "superlative", True, True
    plan.direction, plan.extreme = context.direction, context.extreme
    return True


def tied_gap(group: tuple[Fact, ...]) -> list[Block]:
    """No gap between the ones level at the top (or bottom): said, rather than left unanswered."""
    if len(group) < 2:
        return []
    names = Names(tuple(f.entity for f in group[:MAX_NAMES]), len(group))
    return [Block("gap_tied", {"names": names})]
