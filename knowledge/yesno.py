"""A yes-or-no question asked again of another one or period: "did Meta more than triple?" -
"and Amazon?", "did US companies buy 4x what China bought in 2023?" - "and in 2024?"."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.parse.question import Query
from knowledge.reading import Margin, Side

if TYPE_CHECKING:
    from knowledge.plan import Plan


@dataclass(frozen=True, slots=True)
class YesNo:
    """What a yes-or-no question set its verdict against (a multiple, a growth bar, two sums)."""

    intent: str
    multiple: int | None = None
    times: str | None = None
    growth_bar: bool = False
    threshold: tuple[str, Decimal] | None = None
    relative_change: bool = False
    sides: tuple[Side, ...] = ()
    factor: Decimal | None = None
    margin: Margin | None = None
    margin_percent: bool = False
    direction: str = "max"
    verdict: bool = True  # a yes or a no was asked ("Microsoft vs China" asks none: kept anyway)


_SHARE_OPS = ("gt", "ge", "lt", "le", "about")


def share_bar_of(plan: Plan) -> tuple[str, Decimal] | None:
    """The bar set on a share, as a part of one: "above 30%" (0.3), "above a quarter" of the
    ones named; not "the share of those with more than 200,000" (a bar on the figures)."""
    if plan.share_bar is not None:
        return plan.share_bar
    if not plan.entities or plan.threshold is None or plan.each or plan.relative_to:
        return None
    op, value = plan.threshold
    if op not in _SHARE_OPS:
        return None
    op = op if plan.sides_asked else "about"  # "did Microsoft buy a third?": no "more than" said
    if plan.fraction is not None:
        return op, plan.fraction
    return (op, value / 100) if 0 < value <= 100 else None


def asked_of(plan: Plan) -> YesNo | None:
    """The verdict a plan asks for, if it asks a yes or a no that a follow-up can ask again."""
    if plan.intent == "change" and plan.entities and (plan.growth_bar or plan.times):
        return YesNo(
            "change",
            multiple=plan.multiple,
            times=plan.times,
            growth_bar=plan.growth_bar,
            threshold=plan.threshold,
            relative_change=plan.relative_change,
        )
    if plan.intent == "share" and (bar := share_bar_of(plan)) is not None:
        return YesNo("share", threshold=bar)  # "is Meta's share above 20%?"
    if plan.intent == "comparison" and plan.sides:
        # ("Microsoft vs the Chinese companies" - "and in 2023?": the same two sides again)
        return YesNo(
            "comparison",
            threshold=plan.threshold,
            sides=tuple(plan.sides),
            factor=plan.factor,
            margin=plan.margin,
            margin_percent=plan.margin_percent,
            direction=plan.direction,
            verdict=plan.sides_asked,
        )
    return None


def ask_again(plan: Plan, q: Query, asked: YesNo | None) -> None:
    """ "And Amazon?", "and in 2024?" after a yes or a no: the same question, so a yes or a no
    again (not the bare figures), unless the follow-up says a bar of its own."""
    if asked is None or plan.intent != asked.intent or _own_bar(q):
        return
    if asked.intent == "change":
        plan.multiple, plan.times = asked.multiple, asked.times
        plan.growth_bar, plan.threshold = asked.growth_bar, asked.threshold
        plan.relative_change = plan.relative_change or asked.relative_change
        return
    if asked.intent == "share":
        plan.share_bar = asked.threshold if plan.entities or plan.groups else plan.share_bar
        return
    if q.entities or q.groups:
        return  # "… than Microsoft?" - "and Amazon?": which side it joins is not said
    plan.sides, plan.sides_asked = list(asked.sides), asked.verdict
    plan.threshold, plan.factor, plan.direction = asked.threshold, asked.factor, asked.direction
    plan.margin, plan.margin_percent = asked.margin, asked.margin_percent


def _own_bar(q: Query) -> bool:
    """Whether the follow-up sets its own bar or comparison ("and more than 200k?")."""
    said = q.numbers or q.factor is not None or q.multiple or q.fraction is not None
    return bool(said or q.first_comparative is not None or q.relative_to)
