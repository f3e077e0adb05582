"""Two bars said together: two numbers ("more than 100k but less than 200k"), two names ("more
than Google but less than Meta"), or of different kinds ("more than Amazon but less than Chinese
companies": another's figure and a group's sum; "more than 200k but less than Microsoft")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.fields import Amount, Block, Names, Scope, Word
from knowledge.parse.items import COMPARATIVE, Item
from knowledge.parse.question import Query

if TYPE_CHECKING:
    from knowledge.plan import Plan

_OPS = {
    "more_than": "gt",
    "more": "gt",
    "at_least": "ge",
    "less_than": "lt",
    "less": "lt",
    "at_most": "le",
}


@dataclass(frozen=True, slots=True)
class Bound:
    """One of two bars: a number, an entity's figure or a group's sum, and how it is compared."""

    kind: str  # "number", "entity" or "group"
    key: str  # the number as written in digits, or the entity's or the group's key
    op: str  # "gt", "ge", "lt" or "le"


def mixed_bounds(q: Query) -> tuple[Bound, Bound] | None:
    """(the lower, the upper) bar of "who … more than A but less than B?" when A and B are of
    different kinds; two numbers and two names are read elsewhere (two_sided, named_bounds)."""
    said = after_comparisons(q, "number", "entity", "group")
    if len(said) != 2:
        return None
    (low_op, low), (high_op, high) = said[True], said[False]
    if low.kind == high.kind:
        return None
    return _bound(low_op, low), _bound(high_op, high)


def _judged_between(q: Query) -> tuple[str, tuple[Bound, Bound]] | None:
    """(the one judged, its two bars) when one name comes before "more than A but less than B"
    and A and B are two other names."""
    names = [x for x in q.items if x.kind == "entity"]
    first_bar = next((x.start for x in q.items if x.kind in _OPS), None)
    if len(names) != 3 or first_bar is None or names[0].start > first_bar:
        return None
    said = after_comparisons(q, "entity")
    if len(said) != 2:
        return None
    (low_op, low), (high_op, high) = said[True], said[False]
    judged = str(names[0].value)
    if judged in (str(low.value), str(high.value)) or low.value == high.value:
        return None
    return judged, (_bound(low_op, low), _bound(high_op, high))


def _bound(comparison: str, item: Item) -> Bound:
    return Bound(item.kind, str(item.value), _OPS[comparison])


def set_bounds(plan: Plan, q: Query) -> None:
    """Both bars apply: a group said after a comparison is a sum to compare with, not a filter;
    one named before both bars is judged against them."""
    if plan.intent == "comparison" and (judged := _judged_between(q)) is not None:
        # "did Meta buy more than Amazon but less than Tencent?": a yes or a no for Meta
        plan.intent, plan.entities, plan.bounds = "threshold", [judged[0]], judged[1]
        return
    if plan.intent not in ("threshold", "count"):
        return
    bounds = mixed_bounds(q)
    if bounds is None:
        return
    plan.bounds = bounds
    summed = {b.key for b in bounds if b.kind == "group"}
    plan.groups = [g for g in plan.groups if g not in summed]


def combined_op(low: Bound, high: Bound) -> str:
    """ "inside" (both ends left out) unless both bars keep their end ("at least … at most")."""
    return "between" if (low.op, high.op) == ("ge", "le") else "inside"


def bounds_said(bounds: tuple[Bound, Bound], unit: str) -> Block:
    """ "more than Amazon and less than Chinese companies": the two bars, for the reading line."""
    said = []
    for bound in bounds:
        if bound.kind == "number":
            number = Amount(Decimal(bound.key), unit)
            said.append(Block("bar_number", {"op": Word(f"op_{bound.op}"), "number": number}))
            continue
        who = Names((bound.key,)) if bound.kind == "entity" else Scope((bound.key,))
        said.append(Block(f"than_{bound.op}", {"entity": who}))
    return Block("bar_both", {"low": said[0], "high": said[1]})


_ABOVE = ("more_than", "more", "at_least")


def named_bounds(q: Query) -> tuple[str, str] | None:
    """ "Who bought more than Google but less than Meta?": (the lower, the upper) named bound."""
    if len(q.entities) != 2 or not q.has("who") or q.numbers or q.has("total", "the_rest"):
        return None
    said = after_comparisons(q, "entity")
    if len(said) != 2:
        return None
    lower, upper = str(said[True][1].value), str(said[False][1].value)
    return (lower, upper) if lower != upper else None


def after_comparisons(q: Query, *kinds: str) -> dict[bool, tuple[str, Item]]:
    """The first name or number (of these kinds) said right after an upper comparison ("more
    than …") and after a lower one ("less than …"): above? -> (the comparison, the span)."""
    said: dict[bool, tuple[str, Item]] = {}
    last: str | None = None
    for item in q.items:
        if item.kind in COMPARATIVE:
            last = item.kind
        elif item.kind in kinds and last is not None:
            if item.kind == "number" and item.value not in q.numbers:
                continue  # "the two of them": a count read elsewhere
            said.setdefault(last in _ABOVE, (last, item))
            last = None
    return said


_STRICT = ("more_than", "more", "less_than", "less")


def two_sided(q: Query) -> tuple[str, Decimal, Decimal] | None:
    """ "More than 100k but less than 200k": (op, lower, upper), "inside" when both bounds are
    left out and "between" when both are kept; None for one bar or a mixed pair."""
    said = after_comparisons(q, "number")
    if len(said) != 2:
        return None
    (low_op, low_item), (high_op, high_item) = said[True], said[False]
    low, high = Decimal(str(low_item.value)), Decimal(str(high_item.value))
    strict = (low_op in _STRICT, high_op in _STRICT)
    if strict == (True, True):
        return "inside", low, high
    return ("between", low, high) if strict == (False, False) else None
