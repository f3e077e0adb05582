"""How a share moved between two periods: "China's share of Hopper chips in 2023" - "and 2024"
- "so did it go up?" is the share in each, and the gap in percentage points."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from knowledge.changes import change as figures_change
from knowledge.fields import Block, Label, Percent, PeriodText, Times, Word
from knowledge.intents import Ctx, Part
from knowledge.model import Period
from knowledge.shares import share


def change(ctx: Ctx, metric: str) -> Part:
    """A change: of a share when the last two answers were one share in two periods."""
    if not ctx.plan.of_share or len(ctx.plan.periods) != 2:
        return figures_change(ctx, metric)
    old_period, new_period = sorted(ctx.plan.periods[:2], key=Period.sort_key)
    parts = [_share_in(ctx, metric, p) for p in (old_period, new_period)]
    found = [_percent(part) for part in parts]
    old, new = found
    if old is None or new is None:
        return parts[0] if old is None else parts[1]  # the missing share says why
    points = (new[1].value - old[1].value) * 100
    fields = {
        "entity": new[0],
        "label_lower": Label(metric, lower=True),
        "old": old[1],
        "new": new[1],
        "old_period": PeriodText(old_period.code),
        "new_period": PeriodText(new_period.code),
        "sign": Word("sign_up" if points >= 0 else "sign_down"),
        "points": Times(abs(points).quantize(Decimal("0.1"))),
    }
    facts = list({f.identity: f for f in [*parts[1].facts, *parts[0].facts]}.values())
    return Part(
        answered=True, blocks=[Block("share_change", fields)], facts=facts, period=new_period.code
    )


def _share_in(ctx: Ctx, metric: str, period: Period) -> Part:
    plan = replace(ctx.plan, intent="share", periods=[period], of_share=False)
    return share(Ctx(ctx.view, plan, ctx.language), metric)


def _percent(part: Part) -> tuple[object, Percent] | None:
    """Who the share is of, and the share, from a share's answer."""
    if not part.answered:
        return None
    for block in part.blocks:
        found = block.fields.get("percent")
        if isinstance(found, Percent):
            return block.fields.get("entity"), found
    return None
