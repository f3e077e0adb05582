"""A bar set on a share: "is Microsoft's 2024 Hopper share bigger than 30%?" - a yes or a no
first, then the share; "did Microsoft spend more than 15% of the market?" - the no, then its
share (13.5%)."""

from __future__ import annotations

from knowledge.fields import Block, Percent, Word
from knowledge.intents import Ctx, Part
from knowledge.population import holds, whole
from knowledge.shares import share as share_found
from knowledge.thresholds import threshold as past_threshold
from knowledge.yesno import share_bar_of


def share(ctx: Ctx, metric: str) -> Part:
    """A share, with its verdict first when the question sets a bar on it."""
    part = share_found(ctx, metric)
    bar = share_bar_of(ctx.plan)
    if bar is None or not part.answered:
        return part
    shares = [
        b.fields["percent"] for b in part.blocks if isinstance(b.fields.get("percent"), Percent)
    ]
    if len(shares) != 1 or not isinstance(found := shares[0], Percent):
        return part  # one verdict for one share; each one's share is not asked that way
    op, value = bar
    fields = {"op": Word(f"op_{op}"), "bar": Percent(value), "percent": found}
    part.blocks.insert(
        0, Block("share_bar_yes" if holds(op, found.value, value) else "share_bar_no", fields)
    )
    return part


def threshold(ctx: Ctx, metric: str) -> Part:
    """A yes or a no on a part of the whole for each one named, each with its own share."""
    part = past_threshold(ctx, metric)
    plan = ctx.plan
    if plan.fraction is None or not plan.entities or plan.together or part.period is None:
        return part
    found = whole(ctx.view, metric, part.period)
    if found is None:
        return part
    shares = {
        f.entity: Percent(f.value / found.value) for f in part.facts if f.entity in plan.entities
    }
    verdicts = [b for b in part.blocks if b.template in ("threshold_yes", "threshold_no")]
    for block, percent in zip(verdicts, shares.values(), strict=False):
        said = Block("share_actual", {"percent": percent})
        part.blocks.insert(part.blocks.index(block) + 1, said)
    return part
