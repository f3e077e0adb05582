""" "Did Lambda buy more H100s than Tesla?", « Meta a-t-elle acheté plus de puces que Google ? »:
two named set against each other in a question that wants a yes or a no, said first."""

from __future__ import annotations

from knowledge.model import Fact
from knowledge.parse.lang import vocabulary
from knowledge.parse.question import Query
from knowledge.plan import Plan

# what asks for an amount or a manner, not a yes or a no ("how many more …?", "compare …")
_NOT_YES_NO = ("how_many", "difference", "ratio", "compare", "who", "which_one")


def pair_asked(plan: Plan, query: Query) -> None:
    """Mark a comparison of two named as a yes or no question when it is asked as one."""
    if plan.intent != "comparison" or len(plan.entities) != 2 or plan.sides or plan.cross:
        return
    if not plan.sides_asked or plan.margin is not None or plan.percent or plan.factor:
        return
    if query.has(*_NOT_YES_NO):
        return
    if query.numbers or query.fraction is not None or query.ordinal is not None:
        return  # "more than an eighth of the market": a part, which this gap does not answer
    first = query.said[0].key if query.said else ""
    # "did …", "is …", « est-ce que … », or a French inversion (« a-t-elle »)
    plan.pair_yes_no = first in vocabulary().yes_no_openers or query.has("pronoun")


def verdict_key(plan: Plan, big: Fact, small: Fact) -> str:
    """The template of the gap between two: with a yes or a no first when one is asked."""
    if not plan.pair_yes_no or not plan.entities:
        return "comparison_more"
    wanted = small if plan.direction == "min" else big  # "did Google buy fewer than Meta?"
    return "comparison_yes" if wanted.entity == plan.entities[0] else "comparison_no"
