"""Two groups' growth set against each other (read by `groupfollowup`): each sum's change as
stated, then which moved more (and like for like, when that differs)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from knowledge.fields import Block, Gap, Percent, Scope, Word
from knowledge.growth import total_change
from knowledge.intents import Ctx, Part
from knowledge.likeforlike import both_periods
from knowledge.model import Period
from knowledge.population import Population, population

Moved = tuple[object, Decimal]  # a group as said, and how far its sum moved


def groups_changes(ctx: Ctx, metric: str) -> Part:
    """Each group's change (as a sum's change is said), then which moved more."""
    part = Part(answered=True)
    stated: list[Moved] = []
    like: list[Moved] = []
    for side in ctx.plan.sides:
        one = Ctx(ctx.view, replace(ctx.plan, groups=list(side.groups), sides=[]), ctx.language)
        said = total_change(one, metric)
        if not said.answered:
            return said
        part.blocks.extend(said.blocks)
        part.facts.extend(said.facts)
        part.period = part.period or said.period
        old, new = _sums(one, metric, said)
        scope = Scope(side.groups)
        stated.append((scope, _moved(ctx, old.total, new.total)))
        pair = both_periods(old, new) or (old, new)
        like.append((scope, _moved(ctx, pair[0].total, pair[1].total)))
    part.blocks.append(_ahead(ctx, metric, stated, "groups_change_more"))
    if like != stated:
        # the sums add up different companies in each year: like for like may rank otherwise
        same = max(like, key=lambda m: m[1])[0] == max(stated, key=lambda m: m[1])[0]
        part.blocks.append(
            _ahead(ctx, metric, like, "groups_change_like" + ("" if same else "_split"))
        )
    return part


def _sums(one: Ctx, metric: str, said: Part) -> tuple[Population, Population]:
    """A group's figures in the two periods its change was said between."""
    # in time order: as codes, "2024-Q1" would sort after "2024-H2"
    periods = sorted({f.period for f in said.facts}, key=lambda code: Period.parse(code).sort_key())
    old, new = periods[0], periods[-1]
    groups = tuple(one.plan.groups)
    return population(one.view, metric, old, groups), population(one.view, metric, new, groups)


def _moved(ctx: Ctx, old: Decimal, new: Decimal) -> Decimal:
    """How far a sum moved: in proportion when "faster" is asked, else by how much."""
    if ctx.plan.relative_change:
        return (new - old) / old if old > 0 else Decimal(0)
    return new - old


def _ahead(ctx: Ctx, metric: str, moved: list[Moved], key: str) -> Block:
    """Which of the two moved more, with both changes."""
    (_, a), (_, b) = moved
    if a == b:
        return Block("groups_change_equal", {"change": _signed(ctx, metric, a)})
    (big, bigger), (small, smaller) = sorted(moved, key=lambda m: -m[1])
    manner = "manner_relative" if ctx.plan.relative_change else "manner_absolute"
    fields = {
        "bigger": big,
        "smaller": small,
        "bigger_change": _signed(ctx, metric, bigger),
        "smaller_change": _signed(ctx, metric, smaller),
        "manner": Word(manner),
    }
    return Block(key, fields)


def _signed(ctx: Ctx, metric: str, value: Decimal) -> Block:
    """A change, signed: "+268%", "+549,000"."""
    unit = ctx.view.metrics[metric].unit
    said = Percent(abs(value)) if ctx.plan.relative_change else Gap(abs(value), unit)
    return Block("signed", {"sign": Word("sign_down" if value < 0 else "sign_up"), "value": said})
