"""How many rose: "how many countries grew their exports?", « combien de pays ont augmenté ? ».

Counted with no bar, a rise is a change above nothing (a fall one below it): those whose figure
moved that way, counted, rather than a request to name one of them."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import Block
from knowledge.intents import Part
from knowledge.parse.question import Query
from knowledge.plan import Plan

_HEADS = ("grew_past", "grew_past_none")


def count_rises(plan: Plan, q: Query) -> None:
    """A bar of nothing on the change when the ones that rose (or fell) are counted."""
    if plan.intent != "change" or plan.entities or plan.threshold is not None or not q.counted:
        return
    if q.numbers or q.relative_to or q.multiple or q.has("most", "least"):
        return  # "grew by 10k", "grew more than Meta", "doubled", "grew the most": said otherwise
    plan.growth_bar, plan.threshold = True, ("gt", Decimal(0))


def rise_heads(part: Part, plan: Plan) -> Part:
    """The heads of a bar of nothing say "rose" or "fell", not "changed by more than 0"."""
    if plan.threshold != ("gt", Decimal(0)) or plan.relative_change:
        return part
    part.blocks = [_any(block) for block in part.blocks]
    return part


def _any(block: Block) -> Block:
    base = block.template.removesuffix("_down")
    if base not in _HEADS:
        return block
    return Block(block.template.replace("grew_past", "rose_any", 1), block.fields)
