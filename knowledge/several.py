"""Three or more compared: which of two is closer to the first, or their order, with a tie at
the top named and how far ahead of the next one it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.fields import Block, Gap, Names, Percent, Ratio, Value
from knowledge.model import Fact

if TYPE_CHECKING:
    from knowledge.intents import Ctx


def several_compared(
    ctx: Ctx, metric: str, found: list[Fact]
) -> tuple[list[Block], tuple[Fact, Fact] | None]:
    """What is said of three or more figures, and the two to compare next (the first and the
    second) when the comparison goes on as for two."""
    if len(found) == 3 and ctx.plan.closer:
        return [_closer(ctx, metric, found)], None  # "is Meta closer to A or to B?"
    ranked = sorted(found, key=lambda f: -f.value)
    order = Block("comparison_order", {"names": Names(tuple(f.entity for f in ranked))})
    top = [f for f in ranked if f.value == ranked[0].value]
    if len(top) == 1:
        return [order], (ranked[0], ranked[1])
    level = {"names": Names(tuple(f.entity for f in top)), "value": Value(ranked[0])}
    said = [order, Block("comparison_top_tie", level)]
    if len(top) < len(ranked):
        # "how far behind the leader?" with two level at the top: how far ahead they are
        said.append(_behind_tie(ctx, metric, top[0], ranked[len(top)]))
    return said, None


def _behind_tie(ctx: Ctx, metric: str, top: Fact, next_one: Fact) -> Block:
    """The first one below a tie at the top, and how far behind it is."""
    unit = ctx.view.metrics[metric].unit
    fields: dict[str, object] = {
        "smaller": Names((next_one.entity,)),
        "difference": Gap(top.value - next_one.value, unit, top.approximate),
        "ratio": Ratio(top.value / next_one.value) if next_one.value > 0 else "—",
    }
    if ctx.plan.percent and next_one.value > 0:
        # "as a percentage?": how much more each of those at the top has, in percent
        fields["percent"] = Percent((top.value - next_one.value) / next_one.value)
        return Block("comparison_behind_tie_percent", fields)
    return Block("comparison_behind_tie", fields)


def _closer(ctx: Ctx, metric: str, found: list[Fact]) -> Block:
    """ "Is Meta closer to Microsoft or to Google?": which of the two is nearer the first."""
    first, *others = found
    near, far = sorted(others, key=lambda f: (abs(f.value - first.value), f.entity))
    unit = ctx.view.metrics[metric].unit
    if abs(near.value - first.value) == abs(far.value - first.value):
        return Block("closer_equal", {"entity": Names((first.entity,))})
    fields = {
        "entity": Names((first.entity,)),
        "near": Names((near.entity,)),
        "far": Names((far.entity,)),
        "near_gap": Gap(abs(near.value - first.value), unit, True),
        "far_gap": Gap(abs(far.value - first.value), unit, True),
    }
    return Block("closer", fields)
