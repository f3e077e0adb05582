"""A bar on a fall: "did Indonesia's exports fall by more than 10 %?" asks whether the fall,
not the change, passes the bar (−12.5 % is a fall of more than 10 %, so a yes)."""

from __future__ import annotations

from decimal import Decimal

from knowledge.fields import Amount, Block, Percent, Word
from knowledge.intents import Ctx
from knowledge.population import holds


def fall_passes(op: str, change: Decimal, bar: Decimal, *, down: bool) -> bool:
    """Whether a change passes a bar; asked of a fall (`down`), the size of the fall does, and a
    rise or no change is no fall of any size ("did it fall by less than 20%?" of +15%: no)."""
    if not down:
        return holds(op, change, bar)
    return change < 0 and holds(op, -change, bar)


def bar_text(ctx: Ctx, metric: str, bar: Decimal, *, relative: bool) -> object:
    """The bar as said: signed on a change ("+50%"), a plain size on a fall ("10%")."""
    unit = ctx.view.metrics[metric].unit
    said = Percent(abs(bar)) if relative else Amount(abs(bar), unit)
    if ctx.plan.fall:
        return said  # "a fall of more than 10%": the sign is in the words
    return Block("signed", {"sign": Word("sign_down" if bar < 0 else "sign_up"), "value": said})


def suffix(ctx: Ctx) -> str:
    """The template suffix of a bar on a fall ("Yes, a fall of more than 10%")."""
    return "_down" if ctx.plan.fall else ""
